/*
 * libcurl, loaded with dlopen when an HTTP mode of pp-sample starts
 * (http.h says why), and a handle set up for it.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "http.h"

struct curlfn lc;

void
curl_load(void)
{
	static const char *const libs[] = { "libcurl.so.4",
	    "libcurl-gnutls.so.4", "libcurl.so" };
	static const struct {
		const char	*name;
		void		**fn;
	} sym[] = {
		{ "curl_global_init", (void **)&lc.global_init },
		{ "curl_global_cleanup", (void **)&lc.global_cleanup },
		{ "curl_easy_init", (void **)&lc.easy_init },
		{ "curl_easy_setopt", (void **)&lc.easy_setopt },
		{ "curl_easy_perform", (void **)&lc.easy_perform },
		{ "curl_easy_getinfo", (void **)&lc.easy_getinfo },
		{ "curl_easy_strerror", (void **)&lc.easy_strerror },
		{ "curl_easy_cleanup", (void **)&lc.easy_cleanup },
		{ "curl_easy_escape", (void **)&lc.easy_escape },
		{ "curl_free", (void **)&lc.free },
		{ "curl_slist_append", (void **)&lc.slist_append },
		{ "curl_slist_free_all", (void **)&lc.slist_free_all },
	};
	void *h = NULL;
	size_t i;

	if (lc.global_init != NULL)
		return;
	for (i = 0; h == NULL && i < sizeof(libs) / sizeof(libs[0]); i++)
		h = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		pp_die(PP_EXIT_SYS, "pp-sample's HTTP modes need libcurl "
		    "(libcurl.so.4; Debian: apt-get install libcurl4): %s",
		    dlerror());
	for (i = 0; i < sizeof(sym) / sizeof(sym[0]); i++)
		/* POSIX: a function's address as an object pointer */
		if ((*sym[i].fn = dlsym(h, sym[i].name)) == NULL)
			pp_die(PP_EXIT_SYS, "libcurl has no %s", sym[i].name);
}

static size_t
collect(char *p, size_t size, size_t n, void *u)
{
	buf_add(u, p, size * n);
	return size * n;
}

/* Ends a transfer when a signal asks pp-sample to stop. */
static int
progress_cb(void *u, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	volatile sig_atomic_t *stop = u;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return *stop != 0;
}

CURL *
curl_start(struct buf *body, char *err, volatile sig_atomic_t *stop,
    double timeout)
{
	CURL *c;

	curl_load();
	if (lc.global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (c = lc.easy_init()) == NULL)
		pp_die(PP_EXIT_SYS, "curl could not start");
	lc.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	lc.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	lc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	lc.easy_setopt(c, CURLOPT_WRITEDATA, body);
	lc.easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	lc.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	lc.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
	/* curl's callback data is not const; the flag is only read */
	lc.easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
	lc.easy_setopt(c, CURLOPT_USERAGENT, "pp-sample");
	return c;
}

void
curl_stop(CURL *c)
{
	lc.easy_cleanup(c);
	lc.global_cleanup();
}
