/* bgrunctl-source.c: where bgrunctl reads and drives background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bgrunctl-source.h"

#define BROKER_NAME      "org.bgrun.Broker1"
#define BROKER_PATH      "/org/bgrun/Broker1"
#define ADMIN_INTERFACE  "org.bgrun.Admin1"

struct _BgrunctlSource
{
  GDBusConnection *connection;    /* NULL when reading stores */
  char            *bus_name;
  char            *object_path;
  char            *state_dir;
  char            *description;
};

void
bgrunctl_source_free (BgrunctlSource *source)
{
  g_clear_object (&source->connection);
  g_free (source->bus_name);
  g_free (source->object_path);
  g_free (source->state_dir);
  g_free (source->description);
  g_free (source);
}

/* The unique name owning @name, or NULL. Never starts anything: looking
 * must not launch the daemon or an app. */
static char *
name_owner (GDBusConnection *connection,
            const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  char *owner = NULL;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &owner);
  return owner;
}

/* The object path GApplication exports an app at: org.example.News is
 * /org/example/News. */
static char *
app_object_path (const char *app_id)
{
  g_autoptr(GString) path = g_string_new ("/");

  for (const char *c = app_id; *c != '\0'; c++)
    g_string_append_c (path, *c == '.' ? '/' : (*c == '-' ? '_' : *c));
  g_string_append (path, "/bgrun");
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static BgrunctlSource *
open_bus (const char  *app_id,
          GError     **error)
{
  g_autoptr(BgrunctlSource) source = g_new0 (BgrunctlSource, 1);
  g_autofree char *owner = NULL;
  g_autoptr(GError) bus_error = NULL;

  source->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &bus_error);
  if (source->connection == NULL)
    {
      g_dbus_error_strip_remote_error (bus_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("There is no session bus to reach bgrund or an app on (%s). Run bgrunctl in your desktop session, or read stored work with --state-dir, such as --state-dir ~/.local/state/bgrun."),
                   bus_error->message);
      return NULL;
    }

  owner = name_owner (source->connection, BROKER_NAME);
  if (owner != NULL)
    {
      source->bus_name = g_strdup (BROKER_NAME);
      source->object_path = g_strdup (BROKER_PATH);
      source->description = g_strdup_printf (_("bgrund (%s, %s)"), BROKER_NAME, owner);
      return g_steal_pointer (&source);
    }
  if (app_id != NULL && g_application_id_is_valid (app_id))
    owner = name_owner (source->connection, app_id);
  if (owner != NULL)
    {
      source->bus_name = g_strdup (app_id);
      source->object_path = app_object_path (app_id);
      source->description = g_strdup_printf (_("the app %s (%s), engine embedded"), app_id, owner);
      return g_steal_pointer (&source);
    }

  if (app_id != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("Neither bgrund nor the app %s runs on the session bus. Start the app, or read its stored work with --state-dir."),
                 app_id);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("bgrund does not run on the session bus (%s has no owner). Name a running app with --app, or read stored work with --state-dir."),
                 BROKER_NAME);
  return NULL;
}

BgrunctlSource *
bgrunctl_source_open (const char  *state_dir,
                      const char  *app_id,
                      GError     **error)
{
  BgrunctlSource *source;

  if (state_dir == NULL)
    return open_bus (app_id, error);
  if (!g_file_test (state_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The state directory “%s” does not exist."), state_dir);
      return NULL;
    }
  source = g_new0 (BgrunctlSource, 1);
  source->state_dir = g_strdup (state_dir);
  source->description = g_strdup_printf (_("the stores under %s, read-only"), state_dir);
  return source;
}

GVariant *
bgrunctl_source_call (BgrunctlSource      *source,
                      const char          *method,
                      GVariant            *parameters,
                      const GVariantType  *reply_type,
                      GError             **error)
{
  GVariant *reply;

  if (source->connection == NULL)
    return bgrunctl_store_source_call (source->state_dir, method, parameters, error);

  reply = g_dbus_connection_call_sync (source->connection, source->bus_name, source->object_path,
                                       ADMIN_INTERFACE, method, parameters, reply_type,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, error);
  if (reply == NULL && error != NULL)
    g_dbus_error_strip_remote_error (*error);
  return reply;
}

const char *
bgrunctl_source_describe (BgrunctlSource *source)
{
  return source->description;
}
