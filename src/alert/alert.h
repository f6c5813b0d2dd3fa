/*
 * pp-alert's modules: receivers and routes (config.c), payloads
 * (payload.c), the state of what was sent (state.c), delivery with its
 * spool and log (spool.c, send.c), routing and grouping (group.c).
 */
#ifndef PP_ALERT_H
#define PP_ALERT_H

#include <stddef.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "hmap.h"
#include "match.h"
#include "opts.h"
#include "rec.h"
#include "wr.h"

enum { R_WEBHOOK, R_SLACK, R_EMAIL, R_EXEC };

struct header {
	const char	*name;
	const char	*env;		/* the variable holding the value */
};

struct receiver {
	char		*name;
	int		 kind;
	char		*target;	/* URL, address or command */
	char		*subject;	/* email subject template */
	struct header	*headers;
	size_t		 nheaders;
};

/* A message: one group of alerts for one receiver, as it is sent. */
struct message {
	const struct receiver *rcv;
	struct buf	 body;		/* the payload */
	size_t		 alerts;
	char		*group;		/* group key */
	char		*subject;	/* email */
};

struct delivery {
	int		 ok;
	long		 http_status;	/* 0 if none */
	int		 attempts;
	char		 error[256];
	int		 retryable;
};

struct route {
	struct matcher	*m;
	size_t		 nm;
	size_t		 receiver;
	int		 cont;
};

/* One run of pp-alert: its options, receivers, routes and state. */
struct alert_run {
	struct pp_common c;
	struct receiver	*rcv;
	size_t		 nrcv;
	struct route	*routes;
	size_t		 nroutes;
	const char	**dedup;
	size_t		 ndedup;
	double		 repeat;
	const char	*state, *spool, *sendmail, *subject;
	int		 dry_run, retries;
	double		 timeout, backoff;
	struct header	*hdrs;		/* --header-env, for --webhook */
	size_t		 nhdrs;
	int		 in_fmt;
	struct wr	*log;
	struct rec	 r;
	int		 failed;
	double		 last_slack;
	struct hmap	 sent;		/* receiver + fingerprint -> time */
	pp_time		 start;		/* of the run: the time of what it sends */
	int		 saves;		/* the state is saved after each message */
	unsigned long	 spooled;
};

/* config.c */
/* Adds a receiver; name and target are copied.  Borrowed until config_free. */
struct receiver *add_receiver(struct alert_run *, const char *name, int kind,
	    const char *target);
/* Reads the alerts: section of root, if any; exits 3 at a bad node. */
void	 load_config(struct alert_run *, const struct cnode *root);
/* Frees the receivers, routes and dedup fields of a run. */
void	 config_free(struct alert_run *);

/* payload.c */
/* The alert's identity: FNV-1a 64 of its dedup fields, in hex. */
void	 fingerprint(const struct alert_run *, const struct rec *,
	    char out[17]);
/*
 * Fills m->body (and m->subject for email, owned by m) with the payload
 * of n alerts recs for m->rcv.
 */
void	 payload_build(struct alert_run *, struct message *m,
	    struct rec *recs, size_t n);

/* state.c */
/*
 * Locks and reads a->state (unless none or a dry run), and saves it at
 * exit from then on.  Returns the lock's descriptor, or -1 for none.
 */
int	 state_open(struct alert_run *);
/* Saves the state and releases the lock of state_open (if lockfd >= 0). */
void	 state_close(struct alert_run *, int lockfd);
/*
 * Counts the n alerts recs (none if NULL) as sent to rcv, and saves the
 * state at once once it is open.
 */
void	 state_record(struct alert_run *, const struct receiver *rcv,
	    const struct rec *recs, size_t n);

/* spool.c */
/*
 * Sends a message; spools it if that fails.  1 if it was delivered.
 * Delivered or spooled, the alerts of recs (none for a message of the
 * spool) count as sent, and are saved before the log says so.
 */
int	 send_message(struct alert_run *, const struct message *,
	    int from_spool, const struct rec *recs);
/* Creates the spool directory, or checks the one there is; exits 3. */
void	 spool_check(const char *dir);
/* Sends what a->spool holds (if any), oldest first; keeps what fails. */
void	 spool_flush(struct alert_run *);

/* group.c */
/* One map per receiver from group key to its alerts; free with groups_free. */
struct hmap *groups_new(const struct alert_run *);
/*
 * Adds r (copied) to its group for each receiver its routes give that
 * was not sent it within the repeat interval.  key is scratch space.
 */
void	 group_record(const struct alert_run *, struct hmap *groups,
	    const struct rec *r, struct buf *key);
/* Sends one message per group, and frees the groups' alerts. */
void	 groups_send(struct alert_run *, struct hmap *groups);
/* Frees the maps of groups_new (their alerts went with groups_send). */
void	 groups_free(const struct alert_run *, struct hmap *groups);

/* send.c: one attempt at most retries + 1 times, with backoff. */
void	 deliver(const struct message *, int retries, double timeout,
	    double backoff, const char *sendmail, struct delivery *);
/* Checks a URL: http:// or https://, or exits 2 naming the option. */
void	 check_url(const char *what, const char *url);

#endif
