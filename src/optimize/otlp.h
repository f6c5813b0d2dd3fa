/*
 * The OpenTelemetry file exporter's JSON Lines (OTLP/JSON): each line an
 * export request of resourceSpans, read as span records.
 */
#ifndef PP_OTLP_H
#define PP_OTLP_H

#include <stddef.h>

#include "rec.h"

/*
 * Calls fn with each span of the files (none, or "-", is standard
 * input) as a record: trace_id, span_id, parent_span_id, name, op (the
 * span kind: server, client, internal, producer, consumer), start (epoch
 * seconds), duration (ns), and its attributes by their keys.  A line
 * that is not an export request is a bad record; a file that cannot be
 * read exits 4.
 */
void	 otlp_read(char *const *paths, size_t npaths,
	    void (*fn)(struct rec *, void *), void *arg);

#endif
