/* bgrun-admin-sessions.c: an app's running sessions, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-admin-sessions-private.h"
#include "bgrun-audio-session-report-private.h"
#include "bgrun-errors.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-extended-runtime-session-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-ongoing-session-private.h"
#include "bgrun-time-private.h"

static BgrunExtendedRuntimeSession *
running_extended (BgrunScheduler *scheduler)
{
  return bgrun_extended_runtime_registry_get_running (bgrun_extended_runtime_registry_get (scheduler));
}

static GPtrArray *
running_ongoing (BgrunScheduler *scheduler)
{
  return bgrun_ongoing_registry_get_running (bgrun_ongoing_registry_get (scheduler));
}

GVariant *
bgrun_admin_sessions_list (BgrunScheduler *scheduler)
{
  BgrunExtendedRuntimeSession *extended = running_extended (scheduler);
  GPtrArray *ongoing = running_ongoing (scheduler);
  const char *app_id = bgrun_scheduler_get_app_id (scheduler);
  g_autoptr(GVariant) audio = bgrun_audio_session_describe (bgrun_audio_session_get_default ());
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  if (extended != NULL)
    {
      GVariantDict dict;
      GDateTime *expiration = bgrun_extended_runtime_session_get_expiration_date (extended);

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "app-id", "s", app_id);
      g_variant_dict_insert (&dict, "kind", "s", "extended-runtime");
      g_variant_dict_insert (&dict, "title", "s", bgrun_extended_runtime_session_type_name (extended));
      if (expiration != NULL)
        g_variant_dict_insert (&dict, "expiration-date", "x", bgrun_time_to_usec (expiration));
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  for (guint i = 0; i < ongoing->len; i++)
    {
      BgrunOngoingSession *session = g_ptr_array_index (ongoing, i);
      const char *status = bgrun_ongoing_session_get_status (session);
      GVariantDict dict;

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "app-id", "s", app_id);
      g_variant_dict_insert (&dict, "kind", "s", "ongoing");
      g_variant_dict_insert (&dict, "id", "u", bgrun_ongoing_session_get_id (session));
      g_variant_dict_insert (&dict, "title", "s", bgrun_ongoing_session_get_title (session));
      if (status != NULL)
        g_variant_dict_insert (&dict, "status", "s", status);
      g_variant_dict_insert (&dict, "prevents-sleep", "b",
                             bgrun_ongoing_session_get_prevents_sleep (session));
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  if (audio != NULL)
    {
      GVariantDict dict;

      g_variant_ref_sink (audio);
      g_variant_dict_init (&dict, audio);
      g_variant_dict_insert (&dict, "app-id", "s", app_id);
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  return g_variant_builder_end (&builder);
}

/* "“Network monitor”, “Sync”": what runs, for an error message. */
static char *
list_titles (BgrunExtendedRuntimeSession *extended,
             GPtrArray                   *ongoing)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  if (extended != NULL)
    g_string_append_printf (titles, "“%s”", bgrun_extended_runtime_session_type_name (extended));
  for (guint i = 0; i < ongoing->len; i++)
    g_string_append_printf (titles, "%s“%s”", titles->len > 0 ? ", " : "",
                            bgrun_ongoing_session_get_title (g_ptr_array_index (ongoing, i)));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

gboolean
bgrun_admin_sessions_stop (BgrunScheduler  *scheduler,
                           const char      *title,
                           GError         **error)
{
  g_autoptr(BgrunExtendedRuntimeSession) extended = NULL;
  g_autoptr(BgrunOngoingSession) found = NULL;
  GPtrArray *ongoing = running_ongoing (scheduler);
  const char *app_id = bgrun_scheduler_get_app_id (scheduler);
  g_autofree char *titles = NULL;
  guint n_running;

  if (running_extended (scheduler) != NULL)
    extended = g_object_ref (running_extended (scheduler));
  n_running = ongoing->len + (extended != NULL ? 1 : 0);
  if (n_running == 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” runs no ongoing or extended runtime session: there is nothing to stop."),
                   app_id);
      return FALSE;
    }
  titles = list_titles (extended, ongoing);

  if (*title == '\0')
    {
      if (n_running > 1)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("“%s” runs %u sessions (%s). Name the one to stop by its title."),
                       app_id, n_running, titles);
          return FALSE;
        }
      if (ongoing->len == 1)
        found = g_object_ref (g_ptr_array_index (ongoing, 0));
    }
  else
    {
      for (guint i = 0; i < ongoing->len && found == NULL; i++)
        if (g_str_equal (bgrun_ongoing_session_get_title (g_ptr_array_index (ongoing, i)), title))
          found = g_object_ref (g_ptr_array_index (ongoing, i));
      if (found == NULL &&
          (extended == NULL || !g_str_equal (bgrun_extended_runtime_session_type_name (extended), title)))
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("“%s” runs no session called “%s”; it runs %s."),
                       app_id, title, titles);
          return FALSE;
        }
    }

  if (found != NULL)
    bgrun_ongoing_session_end (found, BGRUN_ONGOING_END_REASON_USER_STOPPED, NULL);
  else
    bgrun_extended_runtime_session_invalidate (extended);
  return TRUE;
}
