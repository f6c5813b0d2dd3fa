/*
 * libcurl for pp-sample's HTTP modes (--scrape, --prometheus), loaded
 * when one starts: linked, it and the libraries it needs (TLS, HTTP/2,
 * LDAP, SSH, ...) would be loaded by every run of pp-sample, and its
 * filter's memory would grow by six megabytes.
 */
#ifndef PP_SAMPLE_HTTP_H
#define PP_SAMPLE_HTTP_H

#include <signal.h>

#include <curl/curl.h>

struct curlfn {
	CURLcode	(*global_init)(long);
	void		(*global_cleanup)(void);
	CURL		*(*easy_init)(void);
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_perform)(CURL *);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
	const char	*(*easy_strerror)(CURLcode);
	void		(*easy_cleanup)(CURL *);
	char		*(*easy_escape)(CURL *, const char *, int);
	void		(*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		(*slist_free_all)(struct curl_slist *);
};

/* The functions, once curl_load has run. */
extern struct curlfn lc;

/* Loads libcurl; exits 4 if it is not installed. */
void	 curl_load(void);

/*
 * A curl handle set up as both modes want it: a body collected into
 * body, errors into err (CURL_ERROR_SIZE bytes), a transfer cut short
 * when *stop is set, a timeout of timeout seconds.  Exits 4 if curl
 * cannot start.  body and err stay the caller's and must outlive the
 * handle; curl_stop frees the handle only.
 */
struct buf;
CURL	*curl_start(struct buf *body, char *err,
	    volatile sig_atomic_t *stop, double timeout);
void	 curl_stop(CURL *);

#endif
