/* bgrun-transfer-host.c: background URL sessions run by bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The transfers are the app's own code (BgrunUrlSession and its tasks,
 * placed with bgrun_url_session_new_hosted()); this file keeps them per
 * app, turns their completions into recorded events, and says what
 * changed to whoever has a session open. See the private header.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-transfer-event-private.h"
#include "bgrun-transfer-host-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-private.h"
#include "bgrun-url-session-view-private.h"

typedef struct
{
  BgrunTransferHost *host;           /* not owned */
  char              *app_id;
  char              *identifier;
  char              *app_directory;
  BgrunStore        *store;          /* its configuration and events */
  BgrunUrlSession   *session;
  char              *owner;          /* who has it open, or NULL */
  GHashTable        *tasks;          /* tasks whose changes are watched (set, refs) */
  GHashTable        *changed;        /* of those, the ones to send (set) */
  GHashTable        *kept;           /* task → its downloaded file, until it completes */
  gboolean           invalidated;
} Hosted;

struct _BgrunTransferHost
{
  GObject parent_instance;

  char            *base_directory;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  GHashTable      *sessions;         /* "app id\nidentifier" → Hosted */
  GPtrArray       *launches;         /* (app id, identifier) pairs to ask for */
  guint            flush_source;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (BgrunTransferHost, bgrun_transfer_host, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_TASK_CHANGED,
  SIG_TASK_EVENT,
  SIG_LAUNCH_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
session_key (const char *app_id,
             const char *identifier)
{
  return g_strconcat (app_id, "\n", identifier, NULL);
}

static guint
n_tasks (Hosted *hosted)
{
  return g_list_model_get_n_items (bgrun_url_session_get_tasks (hosted->session));
}

/* ---- busy and the main-loop turn's changes ----------------------------- */

static void
update_busy (BgrunTransferHost *self)
{
  GHashTableIter sessions;
  Hosted *hosted;
  gboolean busy = FALSE;

  g_hash_table_iter_init (&sessions, self->sessions);
  while (!busy && g_hash_table_iter_next (&sessions, NULL, (gpointer *) &hosted))
    {
      GHashTableIter tasks;
      BgrunUrlSessionTask *task;

      g_hash_table_iter_init (&tasks, hosted->tasks);
      while (!busy && g_hash_table_iter_next (&tasks, (gpointer *) &task, NULL))
        busy = bgrun_url_session_task_get_state (task) == BGRUN_URL_SESSION_TASK_STATE_RUNNING ||
               bgrun_url_session_task_get_state (task) == BGRUN_URL_SESSION_TASK_STATE_WAITING;
    }
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
send_changes (BgrunTransferHost *self,
              Hosted            *hosted)
{
  GHashTableIter iter;
  BgrunUrlSessionTask *task;

  if (hosted->owner != NULL)
    {
      g_hash_table_iter_init (&iter, hosted->changed);
      while (g_hash_table_iter_next (&iter, (gpointer *) &task, NULL))
        g_signal_emit (self, signals[SIG_TASK_CHANGED], 0, hosted->owner, hosted->identifier,
                       bgrun_url_session_task_to_view (task));
    }
  g_hash_table_remove_all (hosted->changed);
}

/* Once per main-loop turn with changes: asks for the launches found when
 * reloading, sends the changes, and lets go of the sessions nobody has
 * open and nothing runs in. */
static gboolean
flush (gpointer user_data)
{
  BgrunTransferHost *self = user_data;
  GHashTableIter iter;
  Hosted *hosted;

  self->flush_source = 0;
  for (guint i = 0; i + 1 < self->launches->len; i += 2)
    g_signal_emit (self, signals[SIG_LAUNCH_NEEDED], 0, self->launches->pdata[i], self->launches->pdata[i + 1]);
  g_ptr_array_set_size (self->launches, 0);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &hosted))
    {
      send_changes (self, hosted);
      if (hosted->owner == NULL && n_tasks (hosted) == 0)
        {
          g_debug ("bgrund: %s of %s has no tasks and is not open; dropping it",
                   hosted->identifier, hosted->app_id);
          g_hash_table_iter_remove (&iter);
        }
    }
  update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (BgrunTransferHost *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_idle_add (flush, self);
}

/* ---- one hosted session's signals --------------------------------------- */

static void
on_task_notify (BgrunUrlSessionTask *task,
                GParamSpec          *pspec,
                Hosted              *hosted)
{
  g_hash_table_add (hosted->changed, task);
  schedule_flush (hosted->host);
  /* At once: bgrund must not take a turn of idleness for being idle. */
  if (g_str_equal (pspec->name, "state"))
    update_busy (hosted->host);
}

/* Watches the tasks the session has, and no others. */
static void
on_tasks_changed (GListModel *tasks,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Hosted     *hosted)
{
  g_autoptr(GHashTable) now = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  BgrunUrlSessionTask *task;

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(BgrunUrlSessionTask) item = g_list_model_get_item (tasks, i);

      g_hash_table_add (now, item);
      if (!g_hash_table_contains (hosted->tasks, item))
        {
          g_hash_table_add (hosted->tasks, g_object_ref (item));
          g_signal_connect (item, "notify", G_CALLBACK (on_task_notify), hosted);
        }
    }
  g_hash_table_iter_init (&iter, hosted->tasks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &task, NULL))
    if (!g_hash_table_contains (now, task))
      {
        g_signal_handlers_disconnect_by_data (task, hosted);
        g_hash_table_remove (hosted->changed, task);
        g_hash_table_iter_remove (&iter);
      }
  schedule_flush (hosted->host);
}

/* The session removes @location once this returns: the event keeps it
 * under transfers/events/ until it is acknowledged. */
static void
on_download_finished (BgrunUrlSession     *session,
                      BgrunUrlSessionTask *task,
                      GFile               *location,
                      Hosted              *hosted)
{
  g_autoptr(GError) error = NULL;
  char *kept = bgrun_transfer_event_keep_file (hosted->app_directory, location, &error);

  if (kept == NULL)
    {
      g_warning ("bgrund: the download of “%s” for %s is lost: %s",
                 bgrun_url_session_task_get_uri (task), hosted->app_id, error->message);
      return;
    }
  g_hash_table_insert (hosted->kept, task, kept);
}

/* Recorded first: whatever happens next, the app gets it once. The task's
 * record goes in the same transaction, so a bgrund killed at any moment
 * leaves either the task or its event, never both. */
static void
on_task_completed (BgrunUrlSession     *session,
                   BgrunUrlSessionTask *task,
                   const GError        *error,
                   Hosted              *hosted)
{
  BgrunUrlSessionConfiguration *config = bgrun_url_session_get_configuration (session);
  g_autoptr(GVariant) event = NULL;
  g_autoptr(GError) store_error = NULL;
  guint64 sequence;

  event = g_variant_ref_sink (bgrun_transfer_event_new (task, g_hash_table_lookup (hosted->kept, task), error));
  g_hash_table_remove (hosted->kept, task);
  g_hash_table_remove (hosted->changed, task);
  sequence = bgrun_transfer_store_complete_task (hosted->store, hosted->identifier,
                                                 bgrun_url_session_task_get_task_identifier (task),
                                                 event, &store_error);
  if (sequence == 0)
    {
      g_warning ("bgrund: the completion of “%s” for %s cannot be recorded, so the app will not hear of it: %s",
                 bgrun_url_session_task_get_uri (task), hosted->app_id, store_error->message);
      return;
    }
  if (hosted->owner != NULL)
    g_signal_emit (hosted->host, signals[SIG_TASK_EVENT], 0, hosted->owner, hosted->identifier,
                   sequence, event);
  else if (bgrun_url_session_configuration_get_sends_launch_events (config))
    g_signal_emit (hosted->host, signals[SIG_LAUNCH_NEEDED], 0, hosted->app_id, hosted->identifier);
}

/* ---- hosted sessions ---------------------------------------------------- */

static void
hosted_free (gpointer data)
{
  Hosted *hosted = data;
  GHashTableIter iter;
  BgrunUrlSessionTask *task;

  g_hash_table_iter_init (&iter, hosted->tasks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &task, NULL))
    g_signal_handlers_disconnect_by_data (task, hosted);
  g_signal_handlers_disconnect_by_data (bgrun_url_session_get_tasks (hosted->session), hosted);
  g_signal_handlers_disconnect_by_data (hosted->session, hosted);
  /* Its tasks stop, recorded as they are, for the next bgrund. */
  g_clear_object (&hosted->session);
  g_hash_table_unref (hosted->changed);
  g_hash_table_unref (hosted->tasks);
  g_hash_table_unref (hosted->kept);
  g_clear_object (&hosted->store);
  g_free (hosted->owner);
  g_free (hosted->app_directory);
  g_free (hosted->identifier);
  g_free (hosted->app_id);
  g_free (hosted);
}

static BgrunUrlSessionConfiguration *
configuration_from_variant (const char  *identifier,
                            GVariant    *configuration,
                            GError     **error)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;

  config = bgrun_url_session_configuration_new_background (identifier);
  if (!bgrun_url_session_configuration_apply_variant (config, configuration, error))
    return NULL;
  return g_steal_pointer (&config);
}

/* Starts the session @identifier of @app_id with @configuration (an a{sv}
 * as OpenSession takes it), which takes up its recorded tasks. */
static Hosted *
add_hosted (BgrunTransferHost  *self,
            const char         *app_id,
            const char         *identifier,
            GVariant           *configuration,
            GError            **error)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;
  g_autoptr(BgrunStore) store = NULL;
  g_autofree char *app_directory = g_build_filename (self->base_directory, app_id, NULL);
  GListModel *tasks;
  Hosted *hosted;

  config = configuration_from_variant (identifier, configuration, error);
  if (config == NULL)
    return NULL;
  store = bgrun_transfer_store_open (app_directory, error);
  if (store == NULL ||
      !bgrun_transfer_store_put_configuration (store, identifier,
                                               bgrun_url_session_configuration_to_variant (config), error))
    return NULL;

  hosted = g_new0 (Hosted, 1);
  hosted->host = self;
  hosted->app_id = g_strdup (app_id);
  hosted->identifier = g_strdup (identifier);
  hosted->app_directory = g_steal_pointer (&app_directory);
  hosted->store = g_steal_pointer (&store);
  hosted->tasks = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  hosted->changed = g_hash_table_new (NULL, NULL);
  hosted->kept = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_hash_table_insert (self->sessions, session_key (app_id, identifier), hosted);

  hosted->session = bgrun_url_session_new_hosted (config, hosted->app_directory, self->clock, self->conditions);
  g_signal_connect (hosted->session, "download-finished", G_CALLBACK (on_download_finished), hosted);
  g_signal_connect (hosted->session, "task-completed", G_CALLBACK (on_task_completed), hosted);
  tasks = bgrun_url_session_get_tasks (hosted->session);
  g_signal_connect (tasks, "items-changed", G_CALLBACK (on_tasks_changed), hosted);
  on_tasks_changed (tasks, 0, 0, g_list_model_get_n_items (tasks), hosted);
  g_debug ("bgrund: hosting %s of %s with %u tasks", identifier, app_id, n_tasks (hosted));
  return hosted;
}

static Hosted *
find_hosted (BgrunTransferHost *self,
             const char        *app_id,
             const char        *identifier)
{
  g_autofree char *key = session_key (app_id, identifier);

  return g_hash_table_lookup (self->sessions, key);
}

static void
drop_hosted (BgrunTransferHost *self,
             Hosted            *hosted)
{
  g_autofree char *key = session_key (hosted->app_id, hosted->identifier);

  g_hash_table_remove (self->sessions, key);
}

/* A configuration given to a session that exists already: recorded, and
 * applied to the running session, which reads every setting as it goes:
 * it reaches the next request of each task. */
static gboolean
reconfigure (Hosted    *hosted,
             GVariant  *configuration,
             GError   **error)
{
  BgrunUrlSessionConfiguration *live = bgrun_url_session_get_configuration (hosted->session);
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;

  config = configuration_from_variant (hosted->identifier, configuration, error);
  if (config == NULL ||
      !bgrun_transfer_store_put_configuration (hosted->store, hosted->identifier,
                                               bgrun_url_session_configuration_to_variant (config), error))
    return FALSE;
  return bgrun_url_session_configuration_apply_variant (live, configuration, error);
}

static GVariant *
task_views (Hosted *hosted)
{
  GListModel *tasks = bgrun_url_session_get_tasks (hosted->session);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (tasks, i);

      g_variant_builder_add_value (&builder, bgrun_url_session_task_to_view (task));
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
recorded_events (Hosted  *hosted,
                 GError **error)
{
  g_autoptr(GPtrArray) events = bgrun_transfer_store_list_events (hosted->store, hosted->identifier, error);

  if (events == NULL)
    return NULL;
  return g_variant_new_array (G_VARIANT_TYPE ("(ta{sv})"), (GVariant **) events->pdata, events->len);
}

BgrunUrlSession *
bgrun_transfer_host_open_session (BgrunTransferHost  *self,
                                  const char         *app_id,
                                  const char         *identifier,
                                  GVariant           *configuration,
                                  const char         *owner,
                                  GVariant          **tasks,
                                  GVariant          **events,
                                  GError            **error)
{
  Hosted *hosted;

  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (self), NULL);
  g_return_val_if_fail (app_id != NULL && identifier != NULL && owner != NULL, NULL);

  if (*identifier == '\0')
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                   _("A background URL session needs a non-empty identifier, such as “%s.downloads”."),
                   app_id);
      return NULL;
    }
  hosted = find_hosted (self, app_id, identifier);
  if (hosted != NULL && hosted->invalidated && n_tasks (hosted) == 0)
    {
      drop_hosted (self, hosted);
      hosted = NULL;
    }
  if (hosted != NULL ? !reconfigure (hosted, configuration, error)
                     : (hosted = add_hosted (self, app_id, identifier, configuration, error)) == NULL)
    return NULL;

  *events = recorded_events (hosted, error);
  if (*events == NULL)
    return NULL;
  *tasks = task_views (hosted);
  g_free (hosted->owner);
  hosted->owner = g_strdup (owner);
  /* What the reply says is sent already. */
  g_hash_table_remove_all (hosted->changed);
  return hosted->session;
}

static Hosted *
lookup_open (BgrunTransferHost  *self,
             const char         *app_id,
             const char         *identifier,
             const char         *owner,
             GError            **error)
{
  Hosted *hosted = find_hosted (self, app_id, identifier);

  if (hosted != NULL && g_strcmp0 (hosted->owner, owner) == 0)
    return hosted;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
               _("The background URL session “%s” is not open on this connection: call OpenSession first."),
               identifier);
  return NULL;
}

BgrunUrlSession *
bgrun_transfer_host_lookup (BgrunTransferHost  *self,
                            const char         *app_id,
                            const char         *identifier,
                            const char         *owner,
                            GError            **error)
{
  Hosted *hosted;

  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (self), NULL);

  hosted = lookup_open (self, app_id, identifier, owner, error);
  return hosted != NULL ? hosted->session : NULL;
}

void
bgrun_transfer_host_close_session (BgrunTransferHost *self,
                                   const char        *app_id,
                                   const char        *identifier,
                                   const char        *owner)
{
  Hosted *hosted;

  g_return_if_fail (BGRUN_IS_TRANSFER_HOST (self));

  hosted = lookup_open (self, app_id, identifier, owner, NULL);
  if (hosted == NULL)
    return;
  g_clear_pointer (&hosted->owner, g_free);
  schedule_flush (self);
}

void
bgrun_transfer_host_close_owner (BgrunTransferHost *self,
                                 const char        *owner)
{
  GHashTableIter iter;
  Hosted *hosted;

  g_return_if_fail (BGRUN_IS_TRANSFER_HOST (self));

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &hosted))
    if (g_strcmp0 (hosted->owner, owner) == 0)
      g_clear_pointer (&hosted->owner, g_free);
  schedule_flush (self);
}

gboolean
bgrun_transfer_host_invalidate (BgrunTransferHost  *self,
                                const char         *app_id,
                                const char         *identifier,
                                const char         *owner,
                                gboolean            cancel,
                                GError            **error)
{
  Hosted *hosted;

  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (self), FALSE);

  hosted = lookup_open (self, app_id, identifier, owner, error);
  if (hosted == NULL)
    return FALSE;
  hosted->invalidated = TRUE;
  if (cancel)
    bgrun_url_session_invalidate_and_cancel (hosted->session);
  else
    bgrun_url_session_finish_tasks_and_invalidate (hosted->session);
  return TRUE;
}

gboolean
bgrun_transfer_host_acknowledge (BgrunTransferHost  *self,
                                 const char         *app_id,
                                 const char         *identifier,
                                 const char         *owner,
                                 guint64             up_to,
                                 GError            **error)
{
  Hosted *hosted;

  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (self), FALSE);

  hosted = lookup_open (self, app_id, identifier, owner, error);
  return hosted != NULL && bgrun_transfer_event_forget (hosted->store, identifier, up_to, error);
}

gboolean
bgrun_transfer_host_get_busy (BgrunTransferHost *self)
{
  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (self), FALSE);
  return self->busy;
}

/* ---- reloading ---------------------------------------------------------- */

/* Whether the stored session @identifier sends launch events and has
 * events waiting: completions recorded before bgrund stopped that its app
 * never took. */
static gboolean
has_launch_events (BgrunStore *store,
                   const char *identifier,
                   GVariant   *configuration)
{
  g_autoptr(GPtrArray) events = NULL;
  gboolean sends = FALSE;

  if (!g_variant_lookup (configuration, "sends-launch-events", "b", &sends) || !sends)
    return FALSE;
  events = bgrun_transfer_store_list_events (store, identifier, NULL);
  return events != NULL && events->len > 0;
}

static void
reload_session (BgrunTransferHost *self,
                BgrunStore        *store,
                const char        *app_id,
                const char        *identifier)
{
  g_autoptr(GVariant) configuration = bgrun_transfer_store_get_configuration (store, identifier);
  g_autoptr(GPtrArray) tasks = bgrun_transfer_store_list_tasks (store, identifier, NULL);
  g_autoptr(GError) error = NULL;

  if (find_hosted (self, app_id, identifier) != NULL)
    return;
  if (tasks != NULL && tasks->len > 0 &&
      add_hosted (self, app_id, identifier, configuration, &error) == NULL)
    g_warning ("bgrund: cannot take up the background URL session “%s” of %s: %s",
               identifier, app_id, error->message);
  else if ((tasks == NULL || tasks->len == 0) && has_launch_events (store, identifier, configuration))
    {
      g_ptr_array_add (self->launches, g_strdup (app_id));
      g_ptr_array_add (self->launches, g_strdup (identifier));
    }
}

static void
reload_app (BgrunTransferHost *self,
            const char        *app_id)
{
  g_autofree char *app_directory = g_build_filename (self->base_directory, app_id, NULL);
  g_autofree char *path = g_build_filename (app_directory, "transfers.db", NULL);
  g_autoptr(BgrunStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sessions = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  store = bgrun_transfer_store_open (app_directory, &error);
  if (store != NULL)
    sessions = bgrun_transfer_store_list_sessions (store, &error);
  if (sessions == NULL)
    {
      g_warning ("bgrund: cannot take up the background transfers of %s: %s", app_id, error->message);
      return;
    }
  for (guint i = 0; sessions[i] != NULL; i++)
    reload_session (self, store, app_id, sessions[i]);
}

void
bgrun_transfer_host_reload (BgrunTransferHost *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (BGRUN_IS_TRANSFER_HOST (self));

  dir = g_dir_open (self->base_directory, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_application_id_is_valid (name))
      reload_app (self, name);
  schedule_flush (self);
}

/* ---- object ------------------------------------------------------------- */

static void
bgrun_transfer_host_dispose (GObject *object)
{
  BgrunTransferHost *self = BGRUN_TRANSFER_HOST (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_hash_table_remove_all (self->sessions);
  g_clear_object (&self->clock);
  g_clear_object (&self->conditions);

  G_OBJECT_CLASS (bgrun_transfer_host_parent_class)->dispose (object);
}

static void
bgrun_transfer_host_finalize (GObject *object)
{
  BgrunTransferHost *self = BGRUN_TRANSFER_HOST (object);

  g_hash_table_unref (self->sessions);
  g_ptr_array_unref (self->launches);
  g_free (self->base_directory);

  G_OBJECT_CLASS (bgrun_transfer_host_parent_class)->finalize (object);
}

static void
bgrun_transfer_host_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BgrunTransferHost *self = BGRUN_TRANSFER_HOST (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_transfer_host_class_init (BgrunTransferHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_transfer_host_dispose;
  object_class->finalize = bgrun_transfer_host_finalize;
  object_class->get_property = bgrun_transfer_host_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIG_TASK_CHANGED] =
    g_signal_new ("task-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_VARIANT);
  signals[SIG_TASK_EVENT] =
    g_signal_new ("task-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_VARIANT);
  signals[SIG_LAUNCH_NEEDED] =
    g_signal_new ("launch-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
}

static void
bgrun_transfer_host_init (BgrunTransferHost *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, hosted_free);
  self->launches = g_ptr_array_new_with_free_func (g_free);
}

BgrunTransferHost *
bgrun_transfer_host_new (const char      *base_directory,
                         BgrunClock      *clock,
                         BgrunConditions *conditions)
{
  BgrunTransferHost *self;

  g_return_val_if_fail (base_directory != NULL, NULL);
  g_return_val_if_fail (BGRUN_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (conditions), NULL);

  self = g_object_new (BGRUN_TYPE_TRANSFER_HOST, NULL);
  self->base_directory = g_strdup (base_directory);
  self->clock = g_object_ref (clock);
  self->conditions = g_object_ref (conditions);
  return self;
}
