/* serve.h: `lede serve`, the preview server. */
#ifndef LEDE_SERVE_H
#define LEDE_SERVE_H

/* Runs `lede serve [-C DIR] [--port N] [--outlet NAME]... [--drafts]` until
 * SIGINT or SIGTERM; argv holds the arguments after "serve". Returns the
 * exit status (0 after a clean stop, 2 on a usage or startup error). */
int lede_serve_main(int argc, char **argv);

#endif
