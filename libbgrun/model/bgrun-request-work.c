/* bgrun-request-work.c: the fields of a request that say how it is
 * scheduled like WorkManager's work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-request-work-private.h"
#include "bgrun-task-request-private.h"

/* These fields arrive from apps over D-Bus too: bgrund reads them with
 * bgrun_request_work_deserialize() and checks them with
 * bgrun_request_work_validate(), exactly as an embedded submit does. */

void
bgrun_request_work_init (BgrunRequestWork *work)
{
  *work = (BgrunRequestWork) { NULL, BGRUN_EXISTING_REQUEST_POLICY_REPLACE,
                               BGRUN_BACKOFF_POLICY_NONE, BGRUN_DEFAULT_BACKOFF_DELAY, 0, NULL };
}

void
bgrun_request_work_clear (BgrunRequestWork *work)
{
  g_clear_pointer (&work->tags, g_strfreev);
  g_clear_pointer (&work->prerequisites, g_strfreev);
}

static const char *
nick_of (GType type,
         int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);

  return g_enum_get_value (klass, value)->value_nick;
}

void
bgrun_request_work_serialize (const BgrunRequestWork *work,
                              GVariantDict           *dict)
{
  if (work->tags != NULL && work->tags[0] != NULL)
    g_variant_dict_insert_value (dict, "tags", g_variant_new_strv ((const char * const *) work->tags, -1));
  if (work->existing_policy != BGRUN_EXISTING_REQUEST_POLICY_REPLACE)
    g_variant_dict_insert (dict, "existing-policy", "s",
                           nick_of (BGRUN_TYPE_EXISTING_REQUEST_POLICY, work->existing_policy));
  if (work->backoff_policy != BGRUN_BACKOFF_POLICY_NONE)
    g_variant_dict_insert (dict, "backoff-policy", "s",
                           nick_of (BGRUN_TYPE_BACKOFF_POLICY, work->backoff_policy));
  if (work->backoff_delay != BGRUN_DEFAULT_BACKOFF_DELAY)
    g_variant_dict_insert (dict, "backoff-delay", "d", work->backoff_delay);
  if (work->max_attempts != 0)
    g_variant_dict_insert (dict, "max-attempts", "u", work->max_attempts);
  if (work->prerequisites != NULL && work->prerequisites[0] != NULL)
    g_variant_dict_insert_value (dict, "prerequisites",
                                 g_variant_new_strv ((const char * const *) work->prerequisites, -1));
}

/* The value of the enum @type whose nick is @key's string in @dict. */
static gboolean
lookup_nick (BgrunTaskRequest  *request,
             GVariant    *dict,
             const char  *key,
             GType        type,
             int         *result,
             GError     **error)
{
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *found;

  if (!bgrun_task_request_lookup (request, dict, key, G_VARIANT_TYPE_STRING, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  klass = g_type_class_ref (type);
  found = g_enum_get_value_by_nick (klass, g_variant_get_string (value, NULL));
  if (found == NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task request “%s” cannot be read: its “%s” is “%s”, which is not one of %s’s values."),
                   bgrun_task_request_get_identifier (request), key,
                   g_variant_get_string (value, NULL), g_type_name (type));
      return FALSE;
    }
  *result = found->value;
  return TRUE;
}

gboolean
bgrun_request_work_deserialize (BgrunRequestWork  *work,
                                BgrunTaskRequest  *request,
                                GVariant          *dict,
                                GError           **error)
{
  g_autoptr(GVariant) tags = NULL;
  g_autoptr(GVariant) delay = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) prerequisites = NULL;
  int existing = work->existing_policy, backoff = work->backoff_policy;

  if (!bgrun_task_request_lookup (request, dict, "tags", G_VARIANT_TYPE_STRING_ARRAY, &tags, error) ||
      !bgrun_task_request_lookup (request, dict, "backoff-delay", G_VARIANT_TYPE_DOUBLE, &delay, error) ||
      !bgrun_task_request_lookup (request, dict, "max-attempts", G_VARIANT_TYPE_UINT32, &attempts, error) ||
      !bgrun_task_request_lookup (request, dict, "prerequisites", G_VARIANT_TYPE_STRING_ARRAY, &prerequisites, error) ||
      !lookup_nick (request, dict, "existing-policy", BGRUN_TYPE_EXISTING_REQUEST_POLICY,
                    &existing, error) ||
      !lookup_nick (request, dict, "backoff-policy", BGRUN_TYPE_BACKOFF_POLICY, &backoff, error))
    return FALSE;

  work->existing_policy = existing;
  work->backoff_policy = backoff;
  if (tags != NULL)
    {
      g_strfreev (work->tags);
      work->tags = g_variant_dup_strv (tags, NULL);
    }
  if (delay != NULL)
    work->backoff_delay = g_variant_get_double (delay);
  if (attempts != NULL)
    work->max_attempts = g_variant_get_uint32 (attempts);
  if (prerequisites != NULL)
    {
      g_strfreev (work->prerequisites);
      work->prerequisites = g_variant_dup_strv (prerequisites, NULL);
    }
  return TRUE;
}

/* The length of @list, or G_MAXUINT after setting @error with @format
 * (the identifier, the length, the limit) when it has more than
 * BGRUN_MAX_TAGS entries. */
static guint
count_within_limit (GStrv        list,
                    const char  *format,
                    const char  *identifier,
                    GError     **error)
{
  guint n = list != NULL ? g_strv_length (list) : 0;

  if (n <= BGRUN_MAX_TAGS)
    return n;
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               format, identifier, n, BGRUN_MAX_TAGS);
  return G_MAXUINT;
}

static gboolean
validate_tags (GStrv        tags,
               const char  *identifier,
               GError     **error)
{
  guint n = count_within_limit (tags, _("Task request “%s” has %u tags, more than the limit of %d."),
                                identifier, error);

  if (n == G_MAXUINT)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (tags[i][0] == '\0' || strlen (tags[i]) > BGRUN_IDENTIFIER_MAX_LENGTH ||
        !g_utf8_validate (tags[i], -1, NULL))
      {
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("Tag %u of task request “%s” is empty, longer than %d bytes or not UTF-8: a tag is a short name of your choice, such as “sync”."),
                     i + 1, identifier, BGRUN_IDENTIFIER_MAX_LENGTH);
        return FALSE;
      }
  return TRUE;
}

static gboolean
validate_prerequisites (GStrv        prerequisites,
                        const char  *identifier,
                        GError     **error)
{
  guint n = count_within_limit (prerequisites,
                                _("Task request “%s” has %u prerequisites, more than the limit of %d."),
                                identifier, error);

  if (n == G_MAXUINT)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (g_str_equal (prerequisites[i], identifier))
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task request “%s” names itself as a prerequisite."), identifier);
          return FALSE;
        }
      if (!bgrun_identifier_validate (prerequisites[i], FALSE, &local_error))
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Prerequisite %u of task request “%s” is not a valid identifier: %s"),
                       i + 1, identifier, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
bgrun_request_work_validate (const BgrunRequestWork  *work,
                             const char              *identifier,
                             GError                 **error)
{
  if (!isfinite (work->backoff_delay) || work->backoff_delay < BGRUN_MIN_BACKOFF_DELAY ||
      work->backoff_delay > BGRUN_MAX_BACKOFF_DELAY)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The backoff delay of task request “%s” is %g s: it must be from %d s to %d s."),
                   identifier, work->backoff_delay, BGRUN_MIN_BACKOFF_DELAY, BGRUN_MAX_BACKOFF_DELAY);
      return FALSE;
    }
  return validate_tags (work->tags, identifier, error) &&
         validate_prerequisites (work->prerequisites, identifier, error);
}
