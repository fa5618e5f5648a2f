/* bgrunctl-commands.h: what each bgrunctl command does
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrunctl-source.h"

G_BEGIN_DECLS

/* The command line, parsed: the options every command shares or its own,
 * and its positional arguments (APP IDENTIFIER for those that take
 * them). */
typedef struct
{
  gboolean   json;
  char      *state_dir;
  char      *app_id;       /* --app, or APP */
  int        limit;        /* --limit; 0: all */
  char      *since;        /* --since, or NULL */
  char      *svg;          /* --svg, or NULL */
  char      *tag;          /* --tag, or NULL */
  char     **arguments;    /* positional, without the command */
  guint      n_arguments;  /* how many */
} BgrunctlOptions;

/* Which options a command takes beside --state-dir. */
typedef enum
{
  BGRUNCTL_TAKES_JSON  = 1 << 0,
  BGRUNCTL_TAKES_APP   = 1 << 1,
  BGRUNCTL_TAKES_LIMIT = 1 << 2,
  BGRUNCTL_TAKES_SVG   = 1 << 3,  /* --svg FILE (required) and --since */
  BGRUNCTL_TAKES_TAG   = 1 << 4,
} BgrunctlTakes;

typedef gboolean (*BgrunctlRun) (BgrunctlSource   *source,
                                 BgrunctlOptions  *options,
                                 GError          **error);

typedef struct
{
  const char    *name;
  const char    *parameters;   /* for the usage line: "APP IDENTIFIER", or NULL */
  const char    *summary;      /* one line, translatable */
  const char    *description;  /* more, translatable, or NULL */
  BgrunctlTakes  takes;
  BgrunctlRun    run;
} BgrunctlCommand;

/* Every command, in the order "bgrunctl --help" lists them. */
const BgrunctlCommand *bgrunctl_commands (guint *n_commands);

G_END_DECLS
