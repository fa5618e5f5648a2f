/* bgrun-task-request.c: what an app asks the scheduler to run later
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <inttypes.h>
#include "bgrun-app-refresh-request.h"
#include "bgrun-continued-processing-request.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-processing-request.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-request-work-private.h"
#include "bgrun-task-request-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunTaskRequest:
 *
 * A request for background work: which handler runs it (its
 * [property@Bgrun.TaskRequest:identifier]), not before when, and what data
 * it carries.
 *
 * A request is a plain value until it is submitted with
 * [method@Bgrun.Scheduler.submit]: setting its properties checks nothing,
 * and the submit checks everything, failing with
 * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST and a message that says what is
 * wrong. Changing a request after submitting it changes nothing that is
 * pending; submit it again to replace the pending one.
 *
 * `BgrunTaskRequest` is abstract. Create one of its subclasses:
 * [class@Bgrun.AppRefreshRequest] for short, regular refreshes,
 * [class@Bgrun.ProcessingRequest] for longer maintenance that waits for
 * its conditions, or [class@Bgrun.ContinuedProcessingRequest] for work the
 * user started and watches.
 */

typedef struct
{
  char      *identifier;
  GDateTime *earliest_begin_date;
  GVariant  *user_info;
  BgrunRequestWork work;
} BgrunTaskRequestPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BgrunTaskRequest, bgrun_task_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_EARLIEST_BEGIN_DATE,
  PROP_USER_INFO,
  PROP_TAGS,
  PROP_EXISTING_POLICY,
  PROP_BACKOFF_POLICY,
  PROP_BACKOFF_DELAY,
  PROP_MAX_ATTEMPTS,
  PROP_PREREQUISITES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_task_request_finalize (GObject *object)
{
  BgrunTaskRequest *self = BGRUN_TASK_REQUEST (object);
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_free (priv->identifier);
  g_clear_pointer (&priv->earliest_begin_date, g_date_time_unref);
  g_clear_pointer (&priv->user_info, g_variant_unref);
  bgrun_request_work_clear (&priv->work);

  G_OBJECT_CLASS (bgrun_task_request_parent_class)->finalize (object);
}

static void
bgrun_task_request_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BgrunTaskRequest *self = BGRUN_TASK_REQUEST (object);
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, priv->identifier);
      break;
    case PROP_EARLIEST_BEGIN_DATE:
      g_value_set_boxed (value, priv->earliest_begin_date);
      break;
    case PROP_USER_INFO:
      g_value_set_variant (value, priv->user_info);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, priv->work.tags);
      break;
    case PROP_EXISTING_POLICY:
      g_value_set_enum (value, priv->work.existing_policy);
      break;
    case PROP_BACKOFF_POLICY:
      g_value_set_enum (value, priv->work.backoff_policy);
      break;
    case PROP_BACKOFF_DELAY:
      g_value_set_double (value, priv->work.backoff_delay);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, priv->work.max_attempts);
      break;
    case PROP_PREREQUISITES:
      g_value_set_boxed (value, priv->work.prerequisites);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_task_request_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BgrunTaskRequest *self = BGRUN_TASK_REQUEST (object);
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      priv->identifier = g_value_dup_string (value);
      break;
    case PROP_EARLIEST_BEGIN_DATE:
      bgrun_task_request_set_earliest_begin_date (self, g_value_get_boxed (value));
      break;
    case PROP_USER_INFO:
      bgrun_task_request_set_user_info (self, g_value_get_variant (value));
      break;
    case PROP_TAGS:
      bgrun_task_request_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_EXISTING_POLICY:
      priv->work.existing_policy = g_value_get_enum (value);
      break;
    case PROP_BACKOFF_POLICY:
      priv->work.backoff_policy = g_value_get_enum (value);
      break;
    case PROP_BACKOFF_DELAY:
      priv->work.backoff_delay = g_value_get_double (value);
      break;
    case PROP_MAX_ATTEMPTS:
      priv->work.max_attempts = g_value_get_uint (value);
      break;
    case PROP_PREREQUISITES:
      bgrun_task_request_set_prerequisites (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_task_request_class_init (BgrunTaskRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_task_request_finalize;
  object_class->get_property = bgrun_task_request_get_property;
  object_class->set_property = bgrun_task_request_set_property;

  /**
   * BgrunTaskRequest:identifier:
   *
   * The identifier of the work, in reverse-DNS form such as
   * `org.example.App.refresh`: at least two dot-separated elements of
   * ASCII letters, digits, `_` and `-`, at most 255 bytes.
   *
   * It selects the handler registered with
   * [method@Bgrun.Scheduler.register] (under this identifier or a family
   * `prefix.*` it belongs to), and it names the request: submitting a
   * request whose identifier is already pending replaces that request,
   * unless [property@Bgrun.TaskRequest:existing-policy] says to keep it.
   */
  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:earliest-begin-date:
   *
   * The earliest time the work may start, or %NULL for as soon as
   * possible. It is a lower bound, never a promise: the work starts some
   * time after it, when its conditions hold and the system allows.
   */
  properties[PROP_EARLIEST_BEGIN_DATE] =
    g_param_spec_boxed ("earliest-begin-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:user-info:
   *
   * Data for the handler, a dictionary of type `a{sv}`, or %NULL. It is
   * stored with the request and given to the task as
   * [property@Bgrun.Task:user-info]. It may be at most
   * %BGRUN_MAX_USER_INFO_SIZE bytes when serialized.
   *
   * A value of another type is kept as it is, and
   * [method@Bgrun.Scheduler.submit] fails with
   * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST naming its type.
   */
  properties[PROP_USER_INFO] =
    g_param_spec_variant ("user-info", NULL, NULL, G_VARIANT_TYPE_ANY, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:tags:
   *
   * Names of your choice that group requests, such as `sync`: pending
   * requests can be listed ([method@Bgrun.Scheduler.get_pending_requests_by_tag])
   * and cancelled ([method@Bgrun.Scheduler.cancel_by_tag]) by tag, and
   * every history entry of the request keeps them
   * ([method@Bgrun.HistoryEntry.get_tags]). At most %BGRUN_MAX_TAGS
   * non-empty tags of at most 255 bytes each.
   */
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:existing-policy:
   *
   * What submitting this request does while a request of the same
   * identifier is pending: replace it (the default), or, with
   * %BGRUN_EXISTING_REQUEST_POLICY_KEEP, keep it, and keep a running task
   * of the identifier too, dropping this request.
   */
  properties[PROP_EXISTING_POLICY] =
    g_param_spec_enum ("existing-policy", NULL, NULL, BGRUN_TYPE_EXISTING_REQUEST_POLICY,
                       BGRUN_EXISTING_REQUEST_POLICY_REPLACE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:backoff-policy:
   *
   * How a task of this request that calls
   * [method@Bgrun.Task.set_task_completed_with_retry] is tried again:
   * not at all (%BGRUN_BACKOFF_POLICY_NONE, the default), or after a
   * linear or exponential backoff of
   * [property@Bgrun.TaskRequest:backoff-delay].
   */
  properties[PROP_BACKOFF_POLICY] =
    g_param_spec_enum ("backoff-policy", NULL, NULL, BGRUN_TYPE_BACKOFF_POLICY,
                       BGRUN_BACKOFF_POLICY_NONE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:backoff-delay:
   *
   * The unit of the backoff, in seconds: from %BGRUN_MIN_BACKOFF_DELAY
   * to %BGRUN_MAX_BACKOFF_DELAY; 30 by default. A value outside makes
   * [method@Bgrun.Scheduler.submit] fail with
   * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST naming it.
   */
  properties[PROP_BACKOFF_DELAY] =
    g_param_spec_double ("backoff-delay", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         BGRUN_DEFAULT_BACKOFF_DELAY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:max-attempts:
   *
   * The most attempts the request gets, retries included, or 0 (the
   * default) for no limit: the attempt that reaches it and asks for a
   * retry fails for good.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTaskRequest:prerequisites:
   *
   * Identifiers of requests that must complete successfully before this
   * one may start. Each must be pending or running when this request is
   * submitted, and not repeat. While one is pending or running the
   * request waits (%BGRUN_WAIT_REASON_PREREQUISITE); when one fails, is
   * cancelled or expires for good, the request is cancelled, with a
   * history entry that names it.
   */
  properties[PROP_PREREQUISITES] =
    g_param_spec_boxed ("prerequisites", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_task_request_init (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  bgrun_request_work_init (&priv->work);
}

/**
 * bgrun_task_request_get_identifier:
 * @self: a task request
 *
 * Gets [property@Bgrun.TaskRequest:identifier].
 *
 * Returns: (nullable): the identifier of the work
 */
const char *
bgrun_task_request_get_identifier (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return priv->identifier;
}

/**
 * bgrun_task_request_get_earliest_begin_date:
 * @self: a task request
 *
 * Gets [property@Bgrun.TaskRequest:earliest-begin-date].
 *
 * Returns: (transfer none) (nullable): the earliest time the work may
 *   start, or %NULL for as soon as possible
 */
GDateTime *
bgrun_task_request_get_earliest_begin_date (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return priv->earliest_begin_date;
}

/**
 * bgrun_task_request_set_earliest_begin_date:
 * @self: a task request
 * @date: (nullable): the earliest time the work may start, or %NULL for as
 *   soon as possible
 *
 * Sets [property@Bgrun.TaskRequest:earliest-begin-date]. A date that is
 * the same instant as the current one (in another time zone, say) changes
 * nothing.
 */
void
bgrun_task_request_set_earliest_begin_date (BgrunTaskRequest *self,
                                            GDateTime        *date)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK_REQUEST (self));

  if (date == priv->earliest_begin_date)
    return;
  if (date != NULL && priv->earliest_begin_date != NULL &&
      g_date_time_equal (date, priv->earliest_begin_date))
    return;

  g_clear_pointer (&priv->earliest_begin_date, g_date_time_unref);
  if (date != NULL)
    priv->earliest_begin_date = g_date_time_ref (date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EARLIEST_BEGIN_DATE]);
}

/**
 * bgrun_task_request_get_user_info:
 * @self: a task request
 *
 * Gets [property@Bgrun.TaskRequest:user-info].
 *
 * Returns: (transfer none) (nullable): the data for the handler, of type
 *   `a{sv}`, or %NULL
 */
GVariant *
bgrun_task_request_get_user_info (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return priv->user_info;
}

/**
 * bgrun_task_request_set_user_info:
 * @self: a task request
 * @user_info: (nullable): data for the handler, a dictionary of type
 *   `a{sv}`, or %NULL
 *
 * Sets [property@Bgrun.TaskRequest:user-info]. A floating @user_info is
 * consumed. Its type and size are checked when the request is submitted:
 * a dictionary (`a{sv}`) of at most %BGRUN_MAX_USER_INFO_SIZE bytes.
 */
void
bgrun_task_request_set_user_info (BgrunTaskRequest *self,
                                  GVariant         *user_info)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);
  g_autoptr(GVariant) owned = NULL;

  g_return_if_fail (BGRUN_IS_TASK_REQUEST (self));

  if (user_info != NULL)
    owned = g_variant_ref_sink (user_info);

  if (owned == priv->user_info)
    return;
  if (owned != NULL && priv->user_info != NULL && g_variant_equal (owned, priv->user_info))
    return;

  g_clear_pointer (&priv->user_info, g_variant_unref);
  priv->user_info = g_steal_pointer (&owned);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_INFO]);
}

/**
 * bgrun_task_request_get_tags:
 * @self: a task request
 *
 * Gets [property@Bgrun.TaskRequest:tags].
 *
 * Returns: (transfer none) (nullable): the tags, or %NULL for none
 */
const char * const *
bgrun_task_request_get_tags (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return (const char * const *) priv->work.tags;
}

/**
 * bgrun_task_request_set_tags:
 * @self: a task request
 * @tags: (nullable) (array zero-terminated=1): the tags, or %NULL for none
 *
 * Sets [property@Bgrun.TaskRequest:tags]; they are checked when the
 * request is submitted.
 */
void
bgrun_task_request_set_tags (BgrunTaskRequest   *self,
                             const char * const *tags)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK_REQUEST (self));
  g_strfreev (priv->work.tags);
  priv->work.tags = g_strdupv ((char **) tags);
}

/**
 * bgrun_task_request_has_tag:
 * @self: a task request
 * @tag: a tag
 *
 * Whether @tag is one of [property@Bgrun.TaskRequest:tags].
 *
 * Returns: %TRUE if the request carries @tag
 */
gboolean
bgrun_task_request_has_tag (BgrunTaskRequest *self,
                            const char       *tag)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  return priv->work.tags != NULL && g_strv_contains ((const char * const *) priv->work.tags, tag);
}

/**
 * bgrun_task_request_get_prerequisites:
 * @self: a task request
 *
 * Gets [property@Bgrun.TaskRequest:prerequisites].
 *
 * Returns: (transfer none) (nullable): the identifiers, or %NULL for none
 */
const char * const *
bgrun_task_request_get_prerequisites (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return (const char * const *) priv->work.prerequisites;
}

/**
 * bgrun_task_request_set_prerequisites:
 * @self: a task request
 * @prerequisites: (nullable) (array zero-terminated=1): identifiers of
 *   requests that must complete successfully first, or %NULL for none
 *
 * Sets [property@Bgrun.TaskRequest:prerequisites].
 */
void
bgrun_task_request_set_prerequisites (BgrunTaskRequest   *self,
                                      const char * const *prerequisites)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK_REQUEST (self));
  g_strfreev (priv->work.prerequisites);
  priv->work.prerequisites = g_strdupv ((char **) prerequisites);
}

/**
 * bgrun_task_request_set_backoff:
 * @self: a task request
 * @policy: how a task that asks for a retry is tried again
 * @delay: the backoff's unit in seconds
 *
 * Sets [property@Bgrun.TaskRequest:backoff-policy] and
 * [property@Bgrun.TaskRequest:backoff-delay] in one call.
 */
void
bgrun_task_request_set_backoff (BgrunTaskRequest   *self,
                                BgrunBackoffPolicy  policy,
                                double              delay)
{
  g_return_if_fail (BGRUN_IS_TASK_REQUEST (self));
  g_object_set (self, "backoff-policy", policy, "backoff-delay", delay, NULL);
}

/* ---- private: the engine's side ---------------------------------------- */

typedef GType (*GetTypeFunc) (void);

static const struct {
  const char  *kind;
  GetTypeFunc  get_type;
} kinds[] = {
  { "app-refresh", bgrun_app_refresh_request_get_type },
  { "processing", bgrun_processing_request_get_type },
  { "continued-processing", bgrun_continued_processing_request_get_type },
};

/* The kind of request, as it is stored: "app-refresh", "processing" or
 * "continued-processing". */
const char *
bgrun_task_request_get_kind (BgrunTaskRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);
  return BGRUN_TASK_REQUEST_GET_CLASS (self)->kind;
}

/* The BgrunTask subclass that runs @self. */
GType
bgrun_task_request_get_task_type (BgrunTaskRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), G_TYPE_INVALID);
  return BGRUN_TASK_REQUEST_GET_CLASS (self)->task_type;
}

/* @self as a new (non-floating) a{sv}: "kind", "identifier", and each
 * property that is set under its own name; dates as microseconds since
 * the epoch. bgrun_task_request_new_from_variant() reads it back. */
GVariant *
bgrun_task_request_to_variant (BgrunTaskRequest *self)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);
  BgrunTaskRequestClass *klass;
  GVariantDict dict;

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), NULL);

  klass = BGRUN_TASK_REQUEST_GET_CLASS (self);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "kind", "s", klass->kind);
  g_variant_dict_insert (&dict, "identifier", "s",
                         priv->identifier != NULL ? priv->identifier : "");
  if (priv->earliest_begin_date != NULL)
    g_variant_dict_insert (&dict, "earliest-begin-date", "x",
                           bgrun_time_to_usec (priv->earliest_begin_date));
  if (priv->user_info != NULL)
    g_variant_dict_insert_value (&dict, "user-info", priv->user_info);
  bgrun_request_work_serialize (&priv->work, &dict);
  if (klass->serialize != NULL)
    klass->serialize (self, &dict);

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* Reading a request looks up a dozen keys of the same dict in a row, and
 * g_variant_lookup_value() walks the dict for each, making a GVariant of
 * every entry on the way (most of the cost of reading one). So the
 * entries of the dict last read are kept by key, per thread, holding a
 * reference to it (its address cannot be another dict's meanwhile). */
typedef struct
{
  GVariant   *dict;
  GHashTable *entries;     /* key (in dict) → value */
} EntryIndex;

static void
entry_index_free (gpointer data)
{
  EntryIndex *index = data;

  g_hash_table_unref (index->entries);
  g_variant_unref (index->dict);
  g_free (index);
}

static GPrivate entry_index = G_PRIVATE_INIT (entry_index_free);

/* Like g_variant_lookup_value (@dict, @key, NULL): the first entry's. */
static GVariant *
lookup_entry (GVariant   *dict,
              const char *key)
{
  EntryIndex *index = g_private_get (&entry_index);
  GVariantIter iter;
  const char *name;
  GVariant *value;

  if (index == NULL || index->dict != dict)
    {
      index = g_new0 (EntryIndex, 1);
      index->dict = g_variant_ref (dict);
      index->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_variant_unref);
      g_variant_iter_init (&iter, dict);
      while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
        if (g_hash_table_contains (index->entries, name))
          g_variant_unref (value);
        else
          g_hash_table_insert (index->entries, (gpointer) name, value);
      g_private_replace (&entry_index, index);
    }
  value = g_hash_table_lookup (index->entries, key);
  return value != NULL ? g_variant_ref (value) : NULL;
}

/* Looks @key up in @dict. Absent: %TRUE with *@value %NULL. Present with
 * @type: %TRUE with the value. Present with another type: %FALSE with an
 * error naming the key, the request and both types. */
gboolean
bgrun_task_request_lookup (BgrunTaskRequest    *self,
                           GVariant            *dict,
                           const char          *key,
                           const GVariantType  *type,
                           GVariant           **value,
                           GError             **error)
{
  g_autoptr(GVariant) found = lookup_entry (dict, key);

  *value = NULL;
  if (found == NULL)
    return TRUE;
  if (!g_variant_is_of_type (found, type))
    {
      g_autofree char *expected = g_variant_type_dup_string (type);

      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task request “%s” cannot be read: its “%s” has type “%s” where “%s” is expected."),
                   bgrun_task_request_get_identifier (self), key,
                   g_variant_get_type_string (found), expected);
      return FALSE;
    }
  *value = g_steal_pointer (&found);
  return TRUE;
}

/* Reads a required string key ("kind", "identifier") of a request. */
static const char *
lookup_required_string (GVariant    *dict,
                        const char  *key,
                        const char  *identifier,
                        GError     **error)
{
  g_autoptr(GVariant) found = lookup_entry (dict, key);

  if (found == NULL)
    {
      if (identifier != NULL)
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("Task request “%s” cannot be read: it has no “%s”."),
                     identifier, key);
      else
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("A task request cannot be read: it has no “%s”."), key);
      return NULL;
    }
  if (!g_variant_is_of_type (found, G_VARIANT_TYPE_STRING))
    {
      if (identifier != NULL)
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("Task request “%s” cannot be read: its “%s” has type “%s” where “s” is expected."),
                     identifier, key, g_variant_get_type_string (found));
      else
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("A task request cannot be read: its “%s” has type “%s” where “s” is expected."),
                     key, g_variant_get_type_string (found));
      return NULL;
    }
  /* The string lives as long as @dict does. */
  return g_variant_get_string (found, NULL);
}

/* The request @dict describes (as bgrun_task_request_to_variant() makes
 * them); keys it does not know are ignored. A missing or ill-typed "kind"
 * or "identifier", an unknown kind, or a known key of the wrong type give
 * BGRUN_SCHEDULER_ERROR_INVALID_REQUEST. */
BgrunTaskRequest *
bgrun_task_request_new_from_variant (GVariant  *dict,
                                     GError   **error)
{
  g_autoptr(BgrunTaskRequest) self = NULL;
  g_autoptr(GVariant) begin = NULL;
  g_autoptr(GVariant) user_info = NULL;
  const char *identifier;
  const char *kind;
  GType type = G_TYPE_INVALID;

  g_return_val_if_fail (dict != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("A task request cannot be read: it has type “%s” where “a{sv}” is expected."),
                   g_variant_get_type_string (dict));
      return NULL;
    }

  identifier = lookup_required_string (dict, "identifier", NULL, error);
  if (identifier == NULL)
    return NULL;
  kind = lookup_required_string (dict, "kind", identifier, error);
  if (kind == NULL)
    return NULL;

  if (g_str_equal (kind, BGRUN_REQUEST_KIND_URL_SESSION))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task request “%s” has the kind “url-session”, which only bgrund uses, when a background URL session has events for the app. Submit an “app-refresh”, “processing” or “continued-processing” request."),
                   identifier);
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].kind))
      type = kinds[i].get_type ();
  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task request “%s” cannot be read: its kind “%s” is unknown (expected “app-refresh”, “processing” or “continued-processing”)."),
                   identifier, kind);
      return NULL;
    }

  self = g_object_new (type, "identifier", identifier, NULL);

  if (!bgrun_task_request_lookup (self, dict, "earliest-begin-date", G_VARIANT_TYPE_INT64,
                                  &begin, error) ||
      !bgrun_task_request_lookup (self, dict, "user-info", G_VARIANT_TYPE_VARDICT,
                                  &user_info, error))
    return NULL;

  if (begin != NULL)
    {
      g_autoptr(GDateTime) date = bgrun_time_from_usec (g_variant_get_int64 (begin));

      if (date == NULL)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task request “%s” cannot be read: its “earliest-begin-date”, %" PRId64 " µs since 1970, is out of range."),
                       identifier, g_variant_get_int64 (begin));
          return NULL;
        }
      bgrun_task_request_set_earliest_begin_date (self, date);
    }
  if (user_info != NULL)
    bgrun_task_request_set_user_info (self, user_info);
  if (!bgrun_request_work_deserialize (&((BgrunTaskRequestPrivate *) bgrun_task_request_get_instance_private (self))->work,
                                       self, dict, error))
    return NULL;

  if (BGRUN_TASK_REQUEST_GET_CLASS (self)->deserialize != NULL &&
      !BGRUN_TASK_REQUEST_GET_CLASS (self)->deserialize (self, dict, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Checks everything a submit checks about the request itself: its
 * identifier (no family), the size of its user info, and what the
 * subclass checks. Errors are BGRUN_SCHEDULER_ERROR_INVALID_REQUEST and
 * name the identifier. */
gboolean
bgrun_task_request_validate (BgrunTaskRequest  *self,
                             GError           **error)
{
  BgrunTaskRequestPrivate *priv = bgrun_task_request_get_instance_private (self);
  BgrunTaskRequestClass *klass;

  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bgrun_identifier_validate (priv->identifier, FALSE, error))
    return FALSE;

  if (priv->user_info != NULL && !g_variant_is_of_type (priv->user_info, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The user info of task request “%s” has type “%s”: it must be a dictionary, “a{sv}”. Put the value in a dictionary under a name of your choice."),
                   priv->identifier, g_variant_get_type_string (priv->user_info));
      return FALSE;
    }
  if (priv->user_info != NULL &&
      g_variant_get_size (priv->user_info) > BGRUN_MAX_USER_INFO_SIZE)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The user info of task request “%s” is %zu bytes, more than the limit of %d bytes. Keep large data in a file and put its name in the user info."),
                   priv->identifier, g_variant_get_size (priv->user_info),
                   BGRUN_MAX_USER_INFO_SIZE);
      return FALSE;
    }

  if (!bgrun_request_work_validate (&priv->work, priv->identifier, error))
    return FALSE;

  klass = BGRUN_TASK_REQUEST_GET_CLASS (self);
  if (klass->validate != NULL && !klass->validate (self, error))
    return FALSE;

  return TRUE;
}
