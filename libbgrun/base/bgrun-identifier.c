/* bgrun-identifier.c: the rules for task identifiers
 *
 * Identifiers are reverse-DNS names, "org.example.App.refresh": at least two
 * dot-separated elements of ASCII letters, digits, "_" and "-", at most
 * BGRUN_IDENTIFIER_MAX_LENGTH bytes. A registration may end in ".*" to
 * stand for a family: every identifier that adds one or more elements to
 * the part before it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"

#define FAMILY_SUFFIX ".*"

static gboolean
is_element_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* Describes the character at @p for a message: itself when printable,
 * else its code point (or byte, when @p is not valid UTF-8). */
static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup_printf ("\\x%02X", (guchar) *p);
  if (g_unichar_isprint (c) && !g_unichar_isspace (c))
    return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (p) - p), p);
  return g_strdup_printf ("U+%04X", c);
}

/* Checks the elements of the first @length bytes of @identifier (all of
 * it, or what comes before a family's ".*"): at least two, none empty,
 * each of allowed characters. Messages quote all of @identifier. */
static gboolean
validate_elements (const char  *identifier,
                   gsize        length,
                   GError     **error)
{
  const char *end = identifier + length;
  const char *p = identifier;
  guint element = 1;
  gboolean element_empty = TRUE;

  for (; p < end; p++)
    {
      if (*p == '.')
        {
          if (element_empty)
            break;
          element++;
          element_empty = TRUE;
          continue;
        }
      if (!is_element_char (*p))
        {
          g_autofree char *shown = g_utf8_make_valid (identifier, -1);
          g_autofree char *what = describe_char (p, end);

          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task identifier “%s” is not valid: element %u contains %s. Use only ASCII letters, digits, “_” and “-” between the dots, as in “org.example.App.refresh”."),
                       shown, element, what);
          return FALSE;
        }
      element_empty = FALSE;
    }

  if (element_empty)
    {
      g_autofree char *shown = g_utf8_make_valid (identifier, -1);

      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task identifier “%s” is not valid: element %u is empty. Use reverse-DNS names such as “org.example.App.refresh”."),
                   shown, element);
      return FALSE;
    }
  if (element < 2)
    {
      g_autofree char *shown = g_utf8_make_valid (identifier, -1);

      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task identifier “%s” is not valid: it has one element, and at least two separated by dots are needed. Use reverse-DNS names such as “org.example.App.refresh”."),
                   shown);
      return FALSE;
    }
  return TRUE;
}

/* Whether @identifier is a valid task identifier; a family "prefix.*"
 * only when @allow_family. Sets a BGRUN_SCHEDULER_ERROR_INVALID_REQUEST
 * error saying what is wrong otherwise. */
gboolean
bgrun_identifier_validate (const char  *identifier,
                           gboolean     allow_family,
                           GError     **error)
{
  gsize length;

  /* Messages quote the identifier through g_utf8_make_valid(): a message
   * must be UTF-8 even when the identifier is not. */
  if (identifier == NULL || *identifier == '\0')
    {
      g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                           _("The task identifier is empty. Use reverse-DNS names such as “org.example.App.refresh”."));
      return FALSE;
    }

  length = strlen (identifier);
  if (length > BGRUN_IDENTIFIER_MAX_LENGTH)
    {
      g_autofree char *shown = g_utf8_make_valid (identifier, -1);

      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Task identifier “%s” is not valid: it is %zu bytes long, longer than the limit of %d bytes."),
                   shown, length, BGRUN_IDENTIFIER_MAX_LENGTH);
      return FALSE;
    }

  if (bgrun_identifier_is_family (identifier))
    {
      if (!allow_family)
        {
          g_autofree char *shown = g_utf8_make_valid (identifier, -1);

          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task identifier “%s” is not valid here: a family ending in “.*” can only be registered. Submit requests with a full identifier such as “org.example.App.refresh.1”."),
                       shown);
          return FALSE;
        }
      length -= strlen (FAMILY_SUFFIX);
    }

  return validate_elements (identifier, length, error);
}

/* Whether @identifier names a family, "prefix.*". */
gboolean
bgrun_identifier_is_family (const char *identifier)
{
  return identifier != NULL && g_str_has_suffix (identifier, FAMILY_SUFFIX);
}

/* Whether a request for @identifier belongs to the registration
 * @registered: the same identifier, or @registered is "prefix.*" and
 * @identifier is "prefix." followed by at least one more element. */
gboolean
bgrun_identifier_matches (const char *registered,
                          const char *identifier)
{
  gsize prefix_length;

  if (registered == NULL || identifier == NULL)
    return FALSE;
  if (g_str_equal (registered, identifier))
    return TRUE;
  if (!bgrun_identifier_is_family (registered))
    return FALSE;

  /* The prefix with its dot: "org.example." for "org.example.*". */
  prefix_length = strlen (registered) - 1;
  return strncmp (registered, identifier, prefix_length) == 0 &&
         identifier[prefix_length] != '\0' &&
         identifier[prefix_length] != '.';
}
