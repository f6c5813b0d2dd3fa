/*
 * pp-alert's modules: receivers, messages and their delivery.
 */
#ifndef PP_ALERT_H
#define PP_ALERT_H

#include <stddef.h>

#include "buf.h"
#include "match.h"
#include "rec.h"

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

/* send.c: one attempt at most retries + 1 times, with backoff. */
void	 deliver(const struct message *, int retries, double timeout,
	    double backoff, const char *sendmail, struct delivery *);
/* Checks a URL: http:// or https://, or exits 2 naming the option. */
void	 check_url(const char *what, const char *url);

#endif
