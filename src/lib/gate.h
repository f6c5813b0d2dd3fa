/*
 * The verdicts of a gate (pp-budget, pp-trend --fail-on, pp-abtest
 * --fail-on, pp-cost --require-coverage) for CI: JUnit XML, one testcase
 * per check, and GitHub Actions annotations (pp(7) GATES IN CI).
 */
#ifndef PP_GATE_H
#define PP_GATE_H

#include <stdio.h>

enum gate_verdict { GATE_PASS, GATE_WARN, GATE_FAIL, GATE_SKIP };

struct gate;

/*
 * A gate named suite (the program) whose cases are written as JUnit XML
 * to junit (NULL: not) and as annotations to github (NULL: not), both
 * when it closes.
 */
struct gate *gate_open(const char *suite, FILE *junit, FILE *github);
/*
 * One check: its class (what kind of check, such as "pp-budget.wall_time"),
 * its name, its verdict and, for any but a pass, what happened.
 */
void	 gate_case(struct gate *, const char *classname, const char *name,
	    enum gate_verdict, const char *message);
/* Writes what was asked, and frees the gate; exits 4 on a write error. */
void	 gate_close(struct gate *);

#endif
