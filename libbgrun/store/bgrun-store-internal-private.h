/* bgrun-store-internal-private.h: what the files of the store share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store (bgrun-store-private.h) is one type in one file per concept;
 * only these files include this header:
 *
 *   bgrun-store.c              the type, opening a file and moving a
 *                              damaged one aside
 *   bgrun-store-schema.c       the schema, its migrations and the checks
 *                              of a file being opened
 *   bgrun-store-statements.c   the prepared statements, binding values to
 *                              them and reading their columns
 *   bgrun-store-transaction.c  transactions, and the one every write runs in
 *   bgrun-store-requests.c     pending requests, and the apps that have any
 *   bgrun-store-history.c      history entries
 *   bgrun-store-values.c       named values of engine state
 *   bgrun-store-events.c       events of background URL sessions
 *   bgrun-store-handover.c     an app's state moving between two stores
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <sqlite3.h>

#include "bgrun-store-private.h"

G_BEGIN_DECLS

/* How long a write waits for another connection to the same file (a
 * second instance of the app, bgrunctl) to finish its transaction. */
#define BUSY_TIMEOUT_MS 5000

/* The statements a store prepares once and reuses (their SQL is in
 * bgrun-store-statements.c). */
typedef enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_PUT_REQUEST_IN_PLACE,
  STMT_PUT_REQUEST_LAST,
  STMT_DATA_VERSION,
  STMT_MAX_SEQ,
  STMT_DELETE_REQUEST,
  STMT_LIST_REQUESTS,
  STMT_COUNT_REQUESTS,
  STMT_LIST_APPS,
  STMT_ADD_HISTORY,
  STMT_TRIM_HISTORY,
  STMT_LIST_HISTORY,
  STMT_LIST_HISTORY_WITHOUT_DETAILS,
  STMT_SET_VALUE,
  STMT_DELETE_VALUE,
  STMT_GET_VALUE,
  STMT_ADD_EVENT,
  STMT_LIST_EVENTS,
  STMT_DELETE_EVENTS,
  STMT_LIST_VALUES,
  STMT_HOLDS_APP,
  STMT_FORGET_REQUESTS,
  STMT_FORGET_HISTORY,
  STMT_FORGET_VALUES,
  STMT_FORGET_EVENTS,
  N_STATEMENTS
} Statement;

struct _BgrunStore
{
  GObject parent_instance;

  char         *path;
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  guint         depth;    /* of bgrun_store_begin() calls not yet ended */
  GHashTable   *added;    /* app id → history entries added since its last trim */
  GHashTable   *next_seq; /* app id → the seq its next request gets (gint64 *) */
  gint64        data_version;  /* when next_seq was last known right */
  GError       *failure;  /* why the open transaction failed, or NULL */
  gint64        version;  /* the schema version of the open file */
};

/* Makes the item of a listing out of the row @stmt is on, or returns NULL
 * (after a g_warning naming what is wrong) to skip the row. */
typedef GVariant *(*RowReader) (BgrunStore   *self,
                                const char   *app_id,
                                sqlite3_stmt *stmt);

/* What opening a file came to. */
typedef enum {
  OPENED,
  UNREADABLE,   /* move the file aside and start a fresh one */
  UNAVAILABLE,  /* the location cannot be used at all */
} OpenOutcome;

/* bgrun-store-recover.c */

typedef struct _BgrunStoreSalvage BgrunStoreSalvage;

/* Puts into the new store what @salvage read of the damaged copy
 * @damaged (unreadable because of @why), with a RECOVERED history entry
 * per app that says how much; returns a summary for the log. */
char          *bgrun_store_recover          (BgrunStore        *self,
                                             BgrunStoreSalvage *salvage,
                                             const char        *damaged,
                                             const char        *why);

/* bgrun-store-schema.c */

/* Opens, checks and migrates self->path. */
OpenOutcome    bgrun_store_open_database    (BgrunStore    *self,
                                             char         **reason);
/* The schema version of the open database (0 for an empty file). */
OpenOutcome    bgrun_store_read_version     (BgrunStore    *self,
                                             gint64        *version,
                                             char         **reason);

/* bgrun-store-statements.c */

/* Sets UNAVAILABLE naming @path and @reason. */
void           bgrun_store_set_unavailable  (GError       **error,
                                             const char    *path,
                                             const char    *reason);
/* The statement @which, prepared on first use; NULL with @error set when
 * it cannot be. */
sqlite3_stmt  *bgrun_store_get_statement    (BgrunStore    *self,
                                             Statement      which,
                                             GError       **error);
gboolean       bgrun_store_finish_statement (BgrunStore    *self,
                                             sqlite3_stmt  *stmt,
                                             int            rc,
                                             GError       **error);
gboolean       bgrun_store_run_statement    (BgrunStore    *self,
                                             sqlite3_stmt  *stmt,
                                             GError       **error);
gboolean       bgrun_store_step_int         (BgrunStore    *self,
                                             sqlite3_stmt  *stmt,
                                             gint64        *result,
                                             GError       **error);
void           bgrun_store_bind_text        (sqlite3_stmt  *stmt,
                                             int            index,
                                             const char    *text);
void           bgrun_store_bind_variant     (sqlite3_stmt  *stmt,
                                             int            index,
                                             GVariant      *normal);
const char    *bgrun_store_column_string    (sqlite3_stmt  *stmt,
                                             int            index);
GVariant      *bgrun_store_column_variant   (sqlite3_stmt  *stmt,
                                             int            index,
                                             const GVariantType *type);
/* Steps @stmt, bound already, for the items @from_row makes of its rows
 * of @app_id's, skipping the rows it returns NULL for; returns them
 * freeing each with g_variant_unref(), or NULL with @error set. */
GPtrArray     *bgrun_store_list_rows        (BgrunStore    *self,
                                             sqlite3_stmt  *stmt,
                                             const char    *app_id,
                                             RowReader      from_row,
                                             GError       **error);

/* bgrun-store-transaction.c */

/* Every public write runs between these two, so it is a transaction of
 * its own or joins the caller's. */
gboolean       bgrun_store_begin_write      (BgrunStore    *self,
                                             GError       **error);
gboolean       bgrun_store_end_write        (BgrunStore    *self,
                                             GError        *write_error,
                                             GError       **error);

G_END_DECLS
