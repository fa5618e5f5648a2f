/* bgrun-admin-service.c: an engine's org.bgrun.Admin1, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-admin-records-private.h"
#include "bgrun-admin-sessions-private.h"
#include "bgrun-admin-service-private.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-location-simulation-private.h"
#include "bgrun-dbus-resources.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-peer-identity-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-transfer-listing-private.h"

/* The user's view of every app's work, and the levers that debugging
 * needs (run now, expire now, cancel). Like BgrunBrokerService it only
 * carries calls to the engine; unlike it, calls name their app, so the
 * whole interface is closed to sandboxed callers: an app must never
 * see or drive another app's work. */

struct _BgrunAdminService
{
  GObject parent_instance;

  BgrunEngine        *engine;
  BgrunAttachedFunc  is_attached;  /* nullable, with attachments */
  GObject           *attachments;
  GDBusConnection    *connection;
  char               *only_app_id;  /* nullable */
  guint               registration;
  BgrunSessionsFunc   sessions;     /* bgrund: what apps reported */
  BgrunStopSessionFunc stop_session;
  BgrunSimulateLocationFunc simulate_location;
  GWeakRef            scheduler;    /* embedded: the app's sessions */
};

G_DEFINE_FINAL_TYPE (BgrunAdminService, bgrun_admin_service, G_TYPE_OBJECT)

GDBusInterfaceInfo *
bgrun_admin_get_interface_info (void)
{
  static GDBusInterfaceInfo *info = NULL;

  if (g_once_init_enter (&info))
    {
      g_autoptr(GBytes) xml = g_resource_lookup_data (bgrun_dbus_get_resource (),
                                                      "/org/bgrun/libbgrun/org.bgrun.Admin1.xml",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), NULL);
      GDBusInterfaceInfo *found = g_dbus_node_info_lookup_interface (node, BGRUN_ADMIN_INTERFACE);

      /* Built in: it cannot be missing from a working build. */
      g_assert (found != NULL);
      g_dbus_interface_info_cache_build (found);
      g_once_init_leave (&info, g_dbus_interface_info_ref (found));
    }
  return info;
}

/* ---- which apps a call is about ---------------------------------------- */

/* Fails when @app_id (an app, not "") is one this service may not show. */
static gboolean
may_show (BgrunAdminService  *self,
          const char         *app_id,
          GError            **error)
{
  if (self->only_app_id != NULL && !g_str_equal (app_id, self->only_app_id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("This is the scheduler of “%s”, which shows its own work only, not that of “%s”. Ask bgrund, or that app, instead."),
                   self->only_app_id, app_id);
      return FALSE;
    }
  return TRUE;
}

/* The apps @app_id ("" for all) stands for, or NULL with @error set when
 * it names an app this service may not show or does not know. */
static GStrv
apps_for (BgrunAdminService  *self,
          const char         *app_id,
          GError            **error)
{
  g_auto(GStrv) known = NULL;
  const char *one[] = { app_id, NULL };

  if (*app_id == '\0')
    {
      if (self->only_app_id == NULL)
        return bgrun_engine_list_apps (self->engine);
      one[0] = app_id = self->only_app_id;
    }
  if (!may_show (self, app_id, error))
    return NULL;
  /* An embedded engine serves its app, whether it has work yet or not. */
  if (self->only_app_id != NULL)
    return g_strdupv ((char **) one);
  known = bgrun_engine_list_apps (self->engine);
  if (!g_strv_contains ((const char * const *) known, app_id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("No app “%s” is known here: it has no requests, tasks or history. Check the id with “bgrunctl apps”."),
                   app_id);
      return NULL;
    }
  return g_strdupv ((char **) one);
}

/* ---- methods ---------------------------------------------------------- */

typedef GVariant *(*MethodHandler) (BgrunAdminService  *self,
                                    GVariant           *parameters,
                                    GError            **error);

static void
add_conditions (BgrunAdminService *self,
                GVariantDict      *status)
{
  BgrunConditions *conditions = bgrun_engine_get_conditions (self->engine);
  g_autofree GParamSpec **pspecs = NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (conditions), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      GType type = pspecs[i]->value_type;

      if (type != G_TYPE_BOOLEAN && type != G_TYPE_INT)
        continue;
      g_value_init (&value, type);
      g_object_get_property (G_OBJECT (conditions), pspecs[i]->name, &value);
      g_variant_dict_insert_value (&dict, pspecs[i]->name,
                                   type == G_TYPE_BOOLEAN ? g_variant_new_boolean (g_value_get_boolean (&value))
                                                          : g_variant_new_int32 (g_value_get_int (&value)));
    }
  g_variant_dict_insert_value (status, "conditions", g_variant_dict_end (&dict));
}

static GVariant *
handle_status (BgrunAdminService  *self,
               GVariant           *parameters,
               GError            **error)
{
  g_auto(GStrv) apps = bgrun_engine_list_apps (self->engine);
  g_auto(GVariantDict) status = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&status, "placement", "s", self->only_app_id != NULL ? "embedded" : "daemon");
  g_variant_dict_insert (&status, "version", "s", PACKAGE_VERSION);
  g_variant_dict_insert (&status, "apps", "u", g_strv_length (apps));
  add_conditions (self, &status);
  return g_variant_new ("(@a{sv})", g_variant_dict_end (&status));
}

/* The length of @list, which it takes. */
static guint
n_items_of (GVariant *list)
{
  g_autoptr(GVariant) owned = list;

  return g_variant_n_children (owned);
}

static GVariant *
handle_list_apps (BgrunAdminService  *self,
                  GVariant           *parameters,
                  GError            **error)
{
  g_auto(GStrv) apps = apps_for (self, "", error);
  GVariantBuilder builder;

  if (apps == NULL)
    return NULL;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_auto(GVariantDict) app = G_VARIANT_DICT_INIT (NULL);
      gboolean attached = self->is_attached == NULL || self->is_attached (self->attachments, apps[i]);

      g_variant_dict_insert (&app, "app-id", "s", apps[i]);
      g_variant_dict_insert (&app, "pending", "u", n_items_of (bgrun_engine_list_pending (self->engine, apps[i])));
      g_variant_dict_insert (&app, "running", "u", n_items_of (bgrun_engine_list_running (self->engine, apps[i])));
      g_variant_dict_insert (&app, "attached", "b", attached);
      g_variant_builder_add_value (&builder, g_variant_dict_end (&app));
    }
  return g_variant_new ("(aa{sv})", &builder);
}

typedef GVariant *(*ListFunc) (BgrunEngine *engine,
                               const char  *app_id);

/* (aa{sv}): what @list returns for each app @parameters names. */
static GVariant *
list_records (BgrunAdminService  *self,
              GVariant           *parameters,
              ListFunc            list,
              GError            **error)
{
  g_auto(GStrv) apps = NULL;
  const char *app_id;
  GVariantBuilder builder;

  g_variant_get_child (parameters, 0, "&s", &app_id);
  apps = apps_for (self, app_id, error);
  if (apps == NULL)
    return NULL;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_autoptr(GVariant) items = list (self->engine, apps[i]);
      GVariantIter iter;
      GVariant *item;

      g_variant_iter_init (&iter, items);
      while ((item = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_autoptr(GVariant) record = bgrun_admin_record_for_dict (apps[i], item);

          g_variant_builder_add_value (&builder, record);
          g_variant_unref (item);
        }
    }
  return g_variant_new ("(aa{sv})", &builder);
}

static GVariant *
handle_list_pending (BgrunAdminService  *self,
                     GVariant           *parameters,
                     GError            **error)
{
  return list_records (self, parameters, bgrun_engine_list_pending, error);
}

static GVariant *
handle_list_running (BgrunAdminService  *self,
                     GVariant           *parameters,
                     GError            **error)
{
  return list_records (self, parameters, bgrun_engine_list_running, error);
}

static GVariant *
handle_history (BgrunAdminService  *self,
                GVariant           *parameters,
                GError            **error)
{
  g_auto(GStrv) apps = NULL;
  const char *app_id;
  guint32 limit;
  GPtrArray *history;
  g_autoptr(GVariant) entries = NULL;

  g_variant_get (parameters, "(&su)", &app_id, &limit);
  apps = apps_for (self, app_id, error);
  if (apps == NULL)
    return NULL;
  history = bgrun_admin_history_new ();
  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_autoptr(GVariant) app_entries = bgrun_engine_list_history (self->engine, apps[i]);
      GVariantIter iter;
      GVariant *entry;

      g_variant_iter_init (&iter, app_entries);
      while ((entry = g_variant_iter_next_value (&iter)) != NULL)
        {
          bgrun_admin_history_add (history, apps[i], entry);
          g_variant_unref (entry);
        }
    }
  entries = bgrun_admin_history_end (history, limit);
  return g_variant_new ("(@aa{sv})", entries);
}

/* The state directory the engine's store is in (<base>/<dir>/tasks.db):
 * background URL sessions record their transfers under it in both
 * placements. */
static char *
state_directory (BgrunAdminService *self)
{
  g_autofree char *store_directory = g_path_get_dirname (bgrun_engine_get_store_path (self->engine));

  return g_path_get_dirname (store_directory);
}

/* Transfers are recorded per app whether or not the engine has its
 * requests, so "" means every app with a transfers database, and an app
 * is unknown here when it has none (unless it is this embedded engine's
 * own app, which simply has no transfers yet). What cannot be read is
 * left out, and logged. */
static GVariant *
handle_list_transfers (BgrunAdminService  *self,
                       GVariant           *parameters,
                       GError            **error)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = state_directory (self);
  g_autoptr(GVariant) transfers = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *app_id, *one;

  g_variant_get (parameters, "(&s)", &app_id);
  one = *app_id != '\0' ? app_id : self->only_app_id;
  if (one != NULL && !may_show (self, one, error))
    return NULL;
  transfers = bgrun_transfer_listing_collect (base, one, skipped, &local_error);
  if (transfers == NULL && *app_id != '\0')
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; i < skipped->len; i++)
    g_warning ("libbgrun: %s", (const char *) g_ptr_array_index (skipped, i));
  if (transfers == NULL)
    return g_variant_new ("(aa{sv})", NULL);
  return g_variant_new ("(@aa{sv})", transfers);
}

/* @explanation with "app-id", and the reasons as BgrunWaitReason nicks. */
static GVariant *
name_reasons (const char *app_id,
              GVariant   *explanation)
{
  g_autoptr(GEnumClass) reasons_class = g_type_class_ref (BGRUN_TYPE_WAIT_REASON);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GVariant) reasons = g_variant_lookup_value (explanation, "reasons", G_VARIANT_TYPE ("au"));
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (explanation);
  const guint32 *numbers;
  gsize n_reasons;

  g_variant_dict_insert (&dict, "app-id", "s", app_id);
  if (reasons != NULL)
    {
      numbers = g_variant_get_fixed_array (reasons, &n_reasons, sizeof (guint32));
      for (gsize i = 0; i < n_reasons; i++)
        {
          GEnumValue *value = g_enum_get_value (reasons_class, numbers[i]);

          if (value != NULL)
            g_ptr_array_add (names, (gpointer) value->value_nick);
        }
      g_variant_dict_insert_value (&dict, "reasons",
                                   g_variant_new_strv ((const char * const *) names->pdata, names->len));
    }
  return g_variant_dict_end (&dict);
}

static GVariant *
handle_explain (BgrunAdminService  *self,
                GVariant           *parameters,
                GError            **error)
{
  g_autoptr(GVariant) explanation = NULL;
  g_auto(GStrv) apps = NULL;
  const char *app_id, *identifier;

  g_autoptr(GError) local_error = NULL;
  const BgrunTrigger *trigger;

  g_variant_get (parameters, "(&s&s)", &app_id, &identifier);
  apps = apps_for (self, app_id, &local_error);
  if (apps != NULL)
    explanation = bgrun_engine_explain (self->engine, apps[0], identifier, &local_error);
  if (explanation != NULL)
    return g_variant_new ("(@a{sv})", name_reasons (apps[0], explanation));

  /* Nothing pending: a task the system starts waits for its trigger. */
  if (*app_id == '\0' && self->only_app_id != NULL)
    app_id = self->only_app_id;
  trigger = bgrun_task_trigger_for_identifier (app_id, identifier);
  if (trigger == NULL || !may_show (self, app_id, NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_variant_new_parsed ("(@a{sv} {'identifier': <%s>, 'app-id': <%s>, 'running': <false>, "
                               "'trigger': <%s>},)",
                               identifier, app_id, _(trigger->waits_for));
}

/* Explain for each pending request with the tag, of one app or (with
 * "") of every app this service shows. */
static GVariant *
handle_explain_by_tag (BgrunAdminService  *self,
                       GVariant           *parameters,
                       GError            **error)
{
  g_auto(GStrv) apps = NULL;
  const char *app_id, *tag;
  GVariantBuilder builder;

  g_variant_get (parameters, "(&s&s)", &app_id, &tag);
  apps = apps_for (self, app_id, error);
  if (apps == NULL)
    return NULL;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_autoptr(GVariant) explanations = bgrun_engine_explain_by_tag (self->engine, apps[i], tag);
      GVariantIter iter;
      GVariant *explanation;

      g_variant_iter_init (&iter, explanations);
      while ((explanation = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_variant_builder_add_value (&builder, name_reasons (apps[i], explanation));
          g_variant_unref (explanation);
        }
    }
  return g_variant_new ("(aa{sv})", &builder);
}

typedef gboolean (*ActFunc) (BgrunEngine  *engine,
                             const char   *app_id,
                             const char   *identifier,
                             GError      **error);

static GVariant *
act (BgrunAdminService  *self,
     GVariant           *parameters,
     ActFunc             func,
     GError            **error)
{
  g_auto(GStrv) apps = NULL;
  const char *app_id, *identifier;

  g_variant_get (parameters, "(&s&s)", &app_id, &identifier);
  apps = apps_for (self, app_id, error);
  if (apps == NULL || !func (self->engine, apps[0], identifier, error))
    return NULL;
  return g_variant_new ("()");
}

static GVariant *
handle_simulate_launch (BgrunAdminService  *self,
                        GVariant           *parameters,
                        GError            **error)
{
  return act (self, parameters, bgrun_engine_run_now, error);
}

static GVariant *
handle_simulate_expiration (BgrunAdminService  *self,
                            GVariant           *parameters,
                            GError            **error)
{
  return act (self, parameters, bgrun_engine_expire_task, error);
}

/* Whether @request's identifier is @identifier. */
static gboolean
has_identifier (GVariant   *request,
                const char *identifier)
{
  const char *pending_identifier = NULL;

  return g_variant_lookup (request, "identifier", "&s", &pending_identifier) &&
         g_str_equal (pending_identifier, identifier);
}

/* Whether @request carries @tag. */
static gboolean
has_tag (GVariant   *request,
         const char *tag)
{
  g_autofree const char **tags = NULL;

  return g_variant_lookup (request, "tags", "^a&s", &tags) && g_strv_contains (tags, tag);
}

/* Whether a pending request of @app_id satisfies @matches with @value. */
static gboolean
any_pending (BgrunEngine *engine,
             const char  *app_id,
             gboolean   (*matches) (GVariant *, const char *),
             const char  *value)
{
  g_autoptr(GVariant) pending = bgrun_engine_list_pending (engine, app_id);
  GVariantIter iter;
  GVariant *request;
  gboolean found = FALSE;

  g_variant_iter_init (&iter, pending);
  while (!found && (request = g_variant_iter_next_value (&iter)) != NULL)
    {
      found = matches (request, value);
      g_variant_unref (request);
    }
  return found;
}

/* The engine's cancel ignores what is not pending; a user who typed the
 * identifier wants to hear that nothing was cancelled. */
static gboolean
cancel_pending (BgrunEngine  *engine,
                const char   *app_id,
                const char   *identifier,
                GError      **error)
{
  if (!any_pending (engine, app_id, has_identifier, identifier))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot cancel “%s” of “%s”: no request with that identifier is pending."),
                   identifier, app_id);
      return FALSE;
    }
  bgrun_engine_cancel_any (engine, app_id, identifier);
  return TRUE;
}

static GVariant *
handle_cancel (BgrunAdminService  *self,
               GVariant           *parameters,
               GError            **error)
{
  return act (self, parameters, cancel_pending, error);
}

/* As for one request: a user who typed the tag wants to hear that nothing
 * carries it. */
static gboolean
cancel_tagged (BgrunEngine  *engine,
               const char   *app_id,
               const char   *tag,
               GError      **error)
{
  if (!any_pending (engine, app_id, has_tag, tag))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot cancel the requests tagged “%s” of “%s”: no pending request carries that tag."),
                   tag, app_id);
      return FALSE;
    }
  bgrun_engine_cancel_by_tag (engine, app_id, tag);
  return TRUE;
}

static GVariant *
handle_cancel_by_tag (BgrunAdminService  *self,
                      GVariant           *parameters,
                      GError            **error)
{
  return act (self, parameters, cancel_tagged, error);
}

static GVariant *
handle_list_sessions (BgrunAdminService  *self,
                      GVariant           *parameters,
                      GError            **error)
{
  g_autoptr(BgrunScheduler) scheduler = g_weak_ref_get (&self->scheduler);
  const char *app_id;

  g_variant_get (parameters, "(&s)", &app_id);
  if (*app_id != '\0' && !may_show (self, app_id, error))
    return NULL;
  if (scheduler != NULL)
    return g_variant_new ("(@aa{sv})", bgrun_admin_sessions_list (scheduler));
  if (self->sessions != NULL)
    return g_variant_new ("(@aa{sv})",
                          self->sessions (self->attachments, *app_id != '\0' ? app_id : NULL));
  return g_variant_new ("(aa{sv})", NULL);
}

static GVariant *
handle_stop_session (BgrunAdminService  *self,
                     GVariant           *parameters,
                     GError            **error)
{
  g_autoptr(BgrunScheduler) scheduler = g_weak_ref_get (&self->scheduler);
  const char *app_id, *title;

  g_variant_get (parameters, "(&s&s)", &app_id, &title);
  if (!may_show (self, app_id, error))
    return NULL;
  if (scheduler != NULL)
    {
      if (!bgrun_admin_sessions_stop (scheduler, title, error))
        return NULL;
    }
  else if (self->stop_session != NULL)
    {
      if (!self->stop_session (self->attachments, app_id, title, error))
        return NULL;
    }
  else
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("This engine does not know the sessions of “%s”: they run in the app. Use the Stop button of the app’s notification."),
                   app_id);
      return NULL;
    }
  return g_variant_new ("()");
}

static GVariant *
handle_simulate_location (BgrunAdminService  *self,
                          GVariant           *parameters,
                          GError            **error)
{
  g_autoptr(BgrunScheduler) scheduler = g_weak_ref_get (&self->scheduler);
  g_autoptr(GError) location_error = NULL;
  const char *app_id, *path;
  double speed;

  g_variant_get (parameters, "(&s&sd)", &app_id, &path, &speed);
  if (!may_show (self, app_id, error))
    return NULL;
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The track “%s” is not an absolute path: the app does not share the caller’s working folder."),
                   path);
      return NULL;
    }
  if (scheduler != NULL)
    {
      BgrunLocationSimulation *simulation = bgrun_location_simulation_get (scheduler);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      if (simulation == NULL)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                       _("The scheduler of “%s” cannot simulate locations."), app_id);
          return NULL;
        }
      /* A bad file or speed is a bad request, whoever serves it. */
      if (!bgrun_location_simulation_start (simulation, file, speed, &location_error))
        {
          g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                               location_error->message);
          return NULL;
        }
    }
  else if (self->simulate_location != NULL)
    {
      if (!self->simulate_location (self->attachments, app_id, path, speed, error))
        return NULL;
    }
  else
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("This engine cannot reach the location sessions of “%s”: they run in the app."),
                   app_id);
      return NULL;
    }
  return g_variant_new ("()");
}

/* What the trigger would have seen: a task starts as the real one would
 * start it, launching the app in bgrund when it does not run. */
static GVariant *
handle_simulate_trigger (BgrunAdminService  *self,
                         GVariant           *parameters,
                         GError            **error)
{
  g_autoptr(GVariant) data = g_variant_get_child_value (parameters, 2);
  const char *app_id, *kind;

  g_variant_get_child (parameters, 0, "&s", &app_id);
  g_variant_get_child (parameters, 1, "&s", &kind);
  if (*app_id == '\0' && self->only_app_id != NULL)
    app_id = self->only_app_id;
  if (!may_show (self, app_id, error))
    return NULL;
  if (!g_application_id_is_valid (app_id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” is not an app id: give one such as org.example.News."), app_id);
      return NULL;
    }
  if (!bgrun_task_trigger_fire (self->engine, app_id, kind, data, error))
    return NULL;
  return g_variant_new ("()");
}

static const struct
{
  const char    *name;
  MethodHandler  handler;
} methods[] = {
  { "Status", handle_status },
  { "ListApps", handle_list_apps },
  { "ListPending", handle_list_pending },
  { "ListRunning", handle_list_running },
  { "History", handle_history },
  { "ListTransfers", handle_list_transfers },
  { "Explain", handle_explain },
  { "ExplainByTag", handle_explain_by_tag },
  { "SimulateLaunch", handle_simulate_launch },
  { "SimulateExpiration", handle_simulate_expiration },
  { "Cancel", handle_cancel },
  { "CancelByTag", handle_cancel_by_tag },
  { "ListSessions", handle_list_sessions },
  { "StopSession", handle_stop_session },
  { "SimulateLocation", handle_simulate_location },
  { "SimulateTrigger", handle_simulate_trigger },
};

/* Refuses a sandboxed caller, or one that cannot be identified. */
static gboolean
check_caller (BgrunAdminService  *self,
              const char         *sender,
              GError            **error)
{
  g_autofree char *sandbox_app_id = NULL;

  if (!bgrun_peer_identity_lookup (self->connection, sender, &sandbox_app_id, error))
    return FALSE;
  if (sandbox_app_id != NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("The administrative interface %s is not open to sandboxed apps, and the caller runs as “%s”. Run bgrunctl on the host instead."),
                   BGRUN_ADMIN_INTERFACE, sandbox_app_id);
      return FALSE;
    }
  return TRUE;
}

/* GDBus has checked the arguments against the interface already. */
static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  BgrunAdminService *self = user_data;
  GError *error = NULL;
  GVariant *reply = NULL;

  if (!check_caller (self, sender, &error))
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (method_name, methods[i].name))
      {
        reply = methods[i].handler (self, parameters, &error);
        if (reply != NULL)
          g_dbus_method_invocation_return_value (invocation, reply);
        else
          g_dbus_method_invocation_take_error (invocation, error);
        return;
      }
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                         _("No method %s"), method_name);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

/* ---- object ----------------------------------------------------------- */

static void
bgrun_admin_service_dispose (GObject *object)
{
  BgrunAdminService *self = BGRUN_ADMIN_SERVICE (object);

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->engine);
  g_clear_object (&self->attachments);
  g_clear_object (&self->connection);
  g_weak_ref_set (&self->scheduler, NULL);

  G_OBJECT_CLASS (bgrun_admin_service_parent_class)->dispose (object);
}

static void
bgrun_admin_service_finalize (GObject *object)
{
  g_free (BGRUN_ADMIN_SERVICE (object)->only_app_id);
  g_weak_ref_clear (&BGRUN_ADMIN_SERVICE (object)->scheduler);

  G_OBJECT_CLASS (bgrun_admin_service_parent_class)->finalize (object);
}

static void
bgrun_admin_service_class_init (BgrunAdminServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_admin_service_dispose;
  object_class->finalize = bgrun_admin_service_finalize;
}

static void
bgrun_admin_service_init (BgrunAdminService *self)
{
  g_weak_ref_init (&self->scheduler, NULL);
}

void
bgrun_admin_service_set_sessions_funcs (BgrunAdminService    *self,
                                        BgrunSessionsFunc     sessions,
                                        BgrunStopSessionFunc  stop)
{
  g_return_if_fail (BGRUN_IS_ADMIN_SERVICE (self));

  self->sessions = sessions;
  self->stop_session = stop;
}

void
bgrun_admin_service_set_simulate_location_func (BgrunAdminService         *self,
                                                BgrunSimulateLocationFunc  simulate)
{
  g_return_if_fail (BGRUN_IS_ADMIN_SERVICE (self));

  self->simulate_location = simulate;
}

static gboolean
export (BgrunAdminService  *self,
        GDBusConnection    *connection,
        const char         *object_path,
        GError            **error)
{
  self->connection = g_object_ref (connection);
  self->registration = g_dbus_connection_register_object (connection, object_path,
                                                          bgrun_admin_get_interface_info (),
                                                          &vtable, self, NULL, error);
  return self->registration != 0;
}

BgrunAdminService *
bgrun_admin_service_new (BgrunEngine         *engine,
                         BgrunAttachedFunc    is_attached,
                         GObject             *attachments,
                         GDBusConnection     *connection,
                         const char          *object_path,
                         const char          *only_app_id,
                         GError             **error)
{
  g_autoptr(BgrunAdminService) self = NULL;

  g_return_val_if_fail (BGRUN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (is_attached == NULL || G_IS_OBJECT (attachments), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (g_variant_is_object_path (object_path), NULL);

  self = g_object_new (BGRUN_TYPE_ADMIN_SERVICE, NULL);
  bgrun_dbus_register_errors ();
  self->engine = g_object_ref (engine);
  self->is_attached = is_attached;
  self->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
  self->only_app_id = g_strdup (only_app_id);
  if (!export (self, connection, object_path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* GApplication has a connection, and its object path, once registered. */
static void
on_application_registered (GApplication      *application,
                           GParamSpec        *pspec,
                           BgrunAdminService *self)
{
  GDBusConnection *connection;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->registration != 0 || !g_application_get_is_registered (application))
    return;
  connection = g_application_get_dbus_connection (application);
  if (connection == NULL)
    return;
  path = g_strconcat (g_application_get_dbus_object_path (application), "/bgrun", NULL);
  if (!export (self, connection, path, &error))
    g_message ("libbgrun: cannot export %s at %s for bgrunctl (is another scheduler of this app exporting it?): %s",
               BGRUN_ADMIN_INTERFACE, path, error->message);
}

BgrunAdminService *
bgrun_admin_service_new_for_application (BgrunEngine  *engine,
                                         GApplication *application)
{
  BgrunAdminService *self;

  g_return_val_if_fail (BGRUN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (BGRUN_TYPE_ADMIN_SERVICE, NULL);
  bgrun_dbus_register_errors ();
  self->engine = g_object_ref (engine);
  self->only_app_id = g_strdup (g_application_get_application_id (application));
  g_signal_connect_object (application, "notify::is-registered",
                           G_CALLBACK (on_application_registered), self, 0);
  on_application_registered (application, NULL, self);
  return self;
}

/* The placement hook (bgrun_features_ensure()): an app whose engine runs
 * embedded, made with its GApplication, shows bgrunctl its own work. */
void
bgrun_admin_service_attach (BgrunPlacement *placement)
{
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  GApplication *application = bgrun_placement_get_application (placement);
  BgrunAdminService *service;

  if (application == NULL || !BGRUN_IS_LOCAL_BROKER (broker))
    return;
  service = bgrun_admin_service_new_for_application (
    bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (broker)), application);
  g_weak_ref_set (&service->scheduler, bgrun_placement_get_scheduler (placement));
  bgrun_placement_attach (placement, "bgrun-admin-service", service);
}
