/* bgrun-upload-limit.c: the limits an IETF upload resource announces
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * `Upload-Limit` (draft-ietf-httpbis-resumable-upload-05) is a Structured
 * Field Dictionary (RFC 8941, 4.2.2). Only integers are wanted from it,
 * but the other members, parameters and inner lists are parsed all the
 * same, so that a malformed field is told from one with members this file
 * does not know: the first is ignored as a whole, the second read.
 */

#include "config.h"

#include <string.h>

#include "bgrun-upload-limit-private.h"

/* A member's value: an integer, or anything else RFC 8941 allows. */
typedef struct
{
  gboolean is_integer;
  gint64   integer;
} Item;

static gboolean
is_key_char (char c)
{
  return g_ascii_islower (c) || g_ascii_isdigit (c) || (c != '\0' && strchr ("_-.*", c) != NULL);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~:/", c) != NULL);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

static void
skip_spaces (const char **p)
{
  while (**p == ' ')
    (*p)++;
}

static void
skip_ows (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

static gboolean
parse_key (const char **p,
           const char **key,
           gsize       *length)
{
  const char *start = *p;

  if (!g_ascii_islower (*start) && *start != '*')
    return FALSE;
  while (is_key_char (**p))
    (*p)++;
  *key = start;
  *length = *p - start;
  return TRUE;
}

/* An integer (at most 15 digits) or a decimal (12 and 3). */
static gboolean
parse_number (const char **p,
              Item        *item)
{
  const char *digits = **p == '-' ? *p + 1 : *p;
  const char *end = digits;
  gsize fraction;

  while (g_ascii_isdigit (*end))
    end++;
  if (end == digits || end - digits > (*end == '.' ? 12 : 15))
    return FALSE;
  item->is_integer = *end != '.';
  item->integer = g_ascii_strtoll (*p, NULL, 10);
  if (*end == '.')
    {
      fraction = strspn (end + 1, "0123456789");
      if (fraction < 1 || fraction > 3)
        return FALSE;
      end += 1 + fraction;
    }
  *p = end;
  return TRUE;
}

static gboolean
parse_string (const char **p)
{
  const char *c = *p + 1;

  for (; *c != '"'; c++)
    {
      if (*c == '\\' && (c[1] == '"' || c[1] == '\\'))
        c++;
      else if (*c < 0x20 || *c > 0x7e || *c == '\\')
        return FALSE;
    }
  *p = c + 1;
  return TRUE;
}

static gboolean
parse_bare_item (const char **p,
                 Item        *item)
{
  const char *c = *p;

  item->is_integer = FALSE;
  if (*c == '-' || g_ascii_isdigit (*c))
    return parse_number (p, item);
  if (*c == '"')
    return parse_string (p);
  if (*c == '?' && (c[1] == '0' || c[1] == '1'))
    {
      *p = c + 2;
      return TRUE;
    }
  if (*c == ':')
    {
      for (c++; is_base64_char (*c); c++)
        ;
      if (*c != ':')
        return FALSE;
      *p = c + 1;
      return TRUE;
    }
  if (!g_ascii_isalpha (*c) && *c != '*')
    return FALSE;
  while (is_token_char (**p))
    (*p)++;
  return TRUE;
}

/* Parameters are skipped: no limit has any. */
static gboolean
skip_parameters (const char **p)
{
  const char *key;
  gsize length;
  Item value;

  while (**p == ';')
    {
      (*p)++;
      skip_spaces (p);
      if (!parse_key (p, &key, &length))
        return FALSE;
      if (**p != '=')
        continue;
      (*p)++;
      if (!parse_bare_item (p, &value))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_item (const char **p,
            Item        *item)
{
  return parse_bare_item (p, item) && skip_parameters (p);
}

static gboolean
parse_inner_list (const char **p,
                  Item        *item)
{
  Item member;

  for ((*p)++; ; )
    {
      skip_spaces (p);
      if (**p == ')')
        break;
      if (!parse_item (p, &member) || (**p != ' ' && **p != ')'))
        return FALSE;
    }
  (*p)++;
  item->is_integer = FALSE;
  return skip_parameters (p);
}

/* A member without "=" is the boolean true. */
static gboolean
parse_member_value (const char **p,
                    Item        *item)
{
  item->is_integer = FALSE;
  if (**p != '=')
    return skip_parameters (p);
  (*p)++;
  if (**p == '(')
    return parse_inner_list (p, item);
  return parse_item (p, item);
}

static guint64 *
field_of (BgrunUploadLimit *limit,
          const char       *key,
          gsize             length)
{
  static const struct { const char *name; gsize offset; } fields[] = {
    { "max-size", G_STRUCT_OFFSET (BgrunUploadLimit, max_size) },
    { "min-size", G_STRUCT_OFFSET (BgrunUploadLimit, min_size) },
    { "max-append-size", G_STRUCT_OFFSET (BgrunUploadLimit, max_append_size) },
    { "min-append-size", G_STRUCT_OFFSET (BgrunUploadLimit, min_append_size) },
    { "expires", G_STRUCT_OFFSET (BgrunUploadLimit, expires) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strlen (fields[i].name) == length && strncmp (fields[i].name, key, length) == 0)
      return G_STRUCT_MEMBER_P (limit, fields[i].offset);
  return NULL;
}

/* A known key is an integer of at least 0; the last one of a key counts
 * (RFC 8941, 4.2.2). */
static gboolean
parse_dictionary (const char       *p,
                  BgrunUploadLimit *limit)
{
  const char *key;
  gsize length;
  guint64 *field;
  Item item;

  skip_spaces (&p);
  while (*p != '\0')
    {
      if (!parse_key (&p, &key, &length) || !parse_member_value (&p, &item))
        return FALSE;
      field = field_of (limit, key, length);
      if (field != NULL && (!item.is_integer || item.integer < 0))
        return FALSE;
      if (field != NULL)
        *field = (guint64) item.integer;
      skip_ows (&p);
      if (*p == '\0')
        break;
      if (*p != ',')
        return FALSE;
      p++;
      skip_ows (&p);
      if (*p == '\0')
        return FALSE;
    }
  return TRUE;
}

void
bgrun_upload_limit_init (BgrunUploadLimit *limit)
{
  limit->max_size = BGRUN_UPLOAD_LIMIT_NONE;
  limit->min_size = BGRUN_UPLOAD_LIMIT_NONE;
  limit->max_append_size = BGRUN_UPLOAD_LIMIT_NONE;
  limit->min_append_size = BGRUN_UPLOAD_LIMIT_NONE;
  limit->expires = BGRUN_UPLOAD_LIMIT_NONE;
}

gboolean
bgrun_upload_limit_parse (const char       *value,
                          BgrunUploadLimit *limit)
{
  BgrunUploadLimit parsed;

  bgrun_upload_limit_init (&parsed);
  /* A server that takes no bytes per request would have the upload loop. */
  if (value == NULL || !parse_dictionary (value, &parsed) || parsed.max_append_size == 0)
    return FALSE;
  *limit = parsed;
  return TRUE;
}

guint64
bgrun_upload_limit_append_end (const BgrunUploadLimit *limit,
                               guint64                 from,
                               guint64                 size)
{
  return size - from > limit->max_append_size ? from + limit->max_append_size : size;
}
