/* test-haptic-player.c: the haptic sounds, as recorded by GStreamer
 *
 * The sounds are checked where a listener would hear them: each player
 * here sends its sound through `wavenc ! filesink` (or `fakesink`, where
 * only the timing matters), and the tests read the recorded WAV file back:
 * how long it lasts, which tones it holds (found between silences), and
 * their pitch (counted from zero crossings). Those sinks do not wait for a
 * clock, so a sound is recorded as fast as it is generated, and waits run
 * the main loop until the player says the sound ended.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bgrun-enum-types.h"
#include "bgrun-haptic-pattern-private.h"
#include "bgrun-haptic-player-private.h"
#include "test-slowdown.h"

/* Stretched under tools/valgrind (test-slowdown.h). */
#define TIMEOUT_SECONDS ((guint) (10 * test_slowdown ()))
/* Short enough to keep the tests quick, long enough for a fakesink to
 * play a click between two repetitions on a loaded machine (or under
 * valgrind, stretched). */
#define REPEAT_INTERVAL (0.2 * test_slowdown ())

static char *tmp_dir;
static guint n_debug_messages;  /* the library's "cannot play" debug messages */

/* waiting: each wait runs the main loop until the awaited event quits it */

static GMainLoop *loop;

static gboolean
on_timeout (gpointer what)
{
  g_error ("timed out after %u s waiting for %s", TIMEOUT_SECONDS, (const char *) what);
  return G_SOURCE_REMOVE;  /* g_error() aborts: for the compiler only */
}

static void
run_until_quit (const char *what)
{
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout, (gpointer) what);

  g_main_loop_run (loop);
  g_source_remove (timeout);
}

static void
on_playing_changed (BgrunHapticPlayer *player,
                    GParamSpec        *pspec,
                    gpointer           user_data)
{
  if (!bgrun_haptic_player_get_playing (player))
    g_main_loop_quit (loop);
}

static void
wait_for_silence (BgrunHapticPlayer *player)
{
  gulong handler;

  if (!bgrun_haptic_player_get_playing (player))
    return;
  handler = g_signal_connect (player, "notify::playing", G_CALLBACK (on_playing_changed), NULL);
  run_until_quit ("the sound to end");
  g_signal_handler_disconnect (player, handler);
}

static gboolean
on_time_up (gpointer up)
{
  *(gboolean *) up = TRUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @seconds: to show that nothing more happens. An
 * event that quits the loop early fails the test's next assertion. */
static void
run_for (double seconds)
{
  gboolean up = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_time_up, &up);

  run_until_quit ("the time to pass");
  if (!up)
    g_source_remove (id);
}

/* recording */

typedef struct
{
  guint start_ms;
  guint duration_ms;
  double frequency;
} Tone;

typedef struct
{
  guint   duration_ms;
  GArray *tones;  /* Tone */
} Recording;

static void
recording_free (Recording *recording)
{
  g_array_unref (recording->tones);
  g_free (recording);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recording, recording_free)

static const char *
type_nick (BgrunHapticType type)
{
  GEnumClass *klass = g_type_class_ref (BGRUN_TYPE_HAPTIC_TYPE);
  const char *nick = g_enum_get_value (klass, type)->value_nick;

  g_type_class_unref (klass);
  return nick;
}

static char *
wav_sink (const char *path)
{
  return g_strdup_printf ("wavenc ! filesink location=\"%s\"", path);
}

/* The samples of the WAV file at @path, checked to be 16-bit mono at the
 * patterns' rate. */
static GArray *
read_wav (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  gsize offset = 12;
  g_autoptr(GError) error = NULL;
  gboolean have_format = FALSE;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 12);
  g_assert_cmpmem (contents, 4, "RIFF", 4);
  g_assert_cmpmem (contents + 8, 4, "WAVE", 4);

  while (offset + 8 <= length)
    {
      const guint8 *chunk = (const guint8 *) contents + offset;
      guint32 size = GUINT32_FROM_LE (*(guint32 *) (chunk + 4));

      g_assert_cmpuint (offset + 8 + size, <=, length);
      if (memcmp (chunk, "fmt ", 4) == 0)
        {
          g_assert_cmpuint (GUINT16_FROM_LE (*(guint16 *) (chunk + 8)), ==, 1);  /* PCM */
          g_assert_cmpuint (GUINT16_FROM_LE (*(guint16 *) (chunk + 10)), ==, 1);  /* mono */
          g_assert_cmpuint (GUINT32_FROM_LE (*(guint32 *) (chunk + 12)), ==, BGRUN_HAPTIC_SAMPLE_RATE);
          g_assert_cmpuint (GUINT16_FROM_LE (*(guint16 *) (chunk + 22)), ==, 16);
          have_format = TRUE;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          GArray *samples = g_array_sized_new (FALSE, FALSE, sizeof (gint16), size / 2);

          g_assert_true (have_format);
          for (guint32 i = 0; i + 1 < size; i += 2)
            {
              gint16 sample = (gint16) GUINT16_FROM_LE (*(guint16 *) (chunk + 8 + i));
              g_array_append_val (samples, sample);
            }
          return samples;
        }
      offset += 8 + size + (size & 1);
    }
  g_error ("%s has no data chunk", path);
}

static double
ms_of (guint n_samples)
{
  return n_samples * 1000.0 / BGRUN_HAPTIC_SAMPLE_RATE;
}

/* The pitch of samples [@start, @end), from the time between the first and
 * the last rising zero crossing and the periods between them. */
static double
measure_frequency (const gint16 *samples,
                   guint         start,
                   guint         end)
{
  guint first = 0;
  guint last = 0;
  guint n_crossings = 0;

  for (guint i = start + 1; i < end; i++)
    if (samples[i - 1] < 0 && samples[i] >= 0)
      {
        if (n_crossings++ == 0)
          first = i;
        last = i;
      }
  g_assert_cmpuint (n_crossings, >=, 2);
  return (n_crossings - 1) * 1000.0 / ms_of (last - first);
}

/* Near-silent samples for at least 2 ms make a rest: inside a tone, a
 * sine only passes near zero for a sample or two. */
#define QUIET 2
#define MIN_REST_SAMPLES (2 * BGRUN_HAPTIC_SAMPLE_RATE / 1000)

static Recording *
analyse (GArray *samples)
{
  const gint16 *data = (const gint16 *) samples->data;
  Recording *recording = g_new0 (Recording, 1);
  guint i = 0;

  recording->duration_ms = (guint) round (ms_of (samples->len));
  recording->tones = g_array_new (FALSE, FALSE, sizeof (Tone));
  while (i < samples->len)
    {
      guint start = i;
      guint quiet_run = 0;
      Tone tone;

      if (ABS (data[i]) <= QUIET)
        {
          i++;
          continue;
        }
      /* A tone: up to the first rest, or the end. */
      for (; i < samples->len && quiet_run < MIN_REST_SAMPLES; i++)
        quiet_run = ABS (data[i]) <= QUIET ? quiet_run + 1 : 0;
      tone.start_ms = (guint) round (ms_of (start));
      tone.duration_ms = (guint) round (ms_of (i - quiet_run - start));
      tone.frequency = measure_frequency (data, start, i - quiet_run);
      g_array_append_val (recording->tones, tone);
    }
  return recording;
}

/* Plays @type through @player and waits until it ended. */
static void
play_and_wait (BgrunHapticPlayer *player,
               BgrunHapticType    type)
{
  bgrun_haptic_player_play (player, type);
  g_assert_true (bgrun_haptic_player_get_playing (player));
  wait_for_silence (player);
}

/* What @type sounds like, recorded through a player of its own. */
static Recording *
record (BgrunHapticType type)
{
  g_autofree char *path = g_build_filename (tmp_dir, type_nick (type), NULL);
  g_autofree char *wav_path = g_strconcat (path, ".wav", NULL);
  g_autofree char *sink = wav_sink (wav_path);
  g_autoptr(BgrunHapticPlayer) player = bgrun_haptic_player_new (sink);
  g_autoptr(GArray) samples = NULL;

  play_and_wait (player, type);
  samples = read_wav (wav_path);
  return analyse (samples);
}

static const Tone *
tone_at (const Recording *recording,
         guint            index)
{
  g_assert_cmpuint (index, <, recording->tones->len);
  return &g_array_index (recording->tones, Tone, index);
}

/* the sounds */

/* Each sound lasts as long as its pattern and holds its tones, at their
 * pitch and length, in order. */
static void
test_sound (gconstpointer data)
{
  BgrunHapticType type = GPOINTER_TO_INT (data);
  g_autoptr(Recording) recording = record (type);
  const BgrunHapticNote *notes;
  guint n_notes = 0;
  guint n_tones = 0;
  guint at_ms = 0;

  notes = bgrun_haptic_pattern_get_notes (type, &n_notes);
  g_assert_cmpuint (recording->duration_ms, ==, bgrun_haptic_pattern_get_duration_ms (type));
  g_assert_cmpuint (recording->duration_ms, <=, 500);

  for (guint i = 0; i < n_notes; at_ms += notes[i].duration_ms, i++)
    {
      const Tone *tone;

      if (notes[i].frequency == 0)
        continue;
      tone = tone_at (recording, n_tones++);
      /* The fades make the audible part a little shorter. */
      g_assert_cmpuint (tone->start_ms, <=, at_ms + 1);
      g_assert_cmpuint (tone->start_ms + 1, >=, at_ms);
      g_assert_cmpuint (tone->duration_ms, <=, notes[i].duration_ms);
      g_assert_cmpuint (tone->duration_ms + 2, >=, notes[i].duration_ms);
      g_assert_cmpfloat_with_epsilon (tone->frequency, notes[i].frequency,
                                      notes[i].frequency * 0.01);
    }
  g_assert_cmpuint (recording->tones->len, ==, n_tones);
}

static gboolean
tones_alike (const Tone *a,
             const Tone *b)
{
  return fabs (a->frequency - b->frequency) < 0.05 * MIN (a->frequency, b->frequency) &&
         ABS ((int) a->duration_ms - (int) b->duration_ms) < 20;
}

static gboolean
recordings_alike (const Recording *a,
                  const Recording *b)
{
  if (a->tones->len != b->tones->len)
    return FALSE;
  for (guint i = 0; i < a->tones->len; i++)
    if (!tones_alike (tone_at (a, i), tone_at (b, i)) ||
        ABS ((int) tone_at (a, i)->start_ms - (int) tone_at (b, i)->start_ms) >= 20)
      return FALSE;
  return TRUE;
}

static double
lowest_frequency (const Recording *recording)
{
  double lowest = G_MAXDOUBLE;

  for (guint i = 0; i < recording->tones->len; i++)
    lowest = MIN (lowest, tone_at (recording, i)->frequency);
  return lowest;
}

/* A listener tells every sound from every other, by pitch or rhythm, and
 * the sounds mean what they say: up rises, down falls, success climbs,
 * failure is the lowest, a click the shortest. */
static void
test_sounds_distinct (void)
{
  Recording *recordings[BGRUN_HAPTIC_TYPE_CLICK + 1];
  const Recording *up = NULL, *down = NULL, *success = NULL;

  for (guint type = 0; type < G_N_ELEMENTS (recordings); type++)
    recordings[type] = record (type);

  for (guint a = 0; a < G_N_ELEMENTS (recordings); a++)
    for (guint b = a + 1; b < G_N_ELEMENTS (recordings); b++)
      if (recordings_alike (recordings[a], recordings[b]))
        g_error ("%s and %s sound alike", type_nick (a), type_nick (b));

  up = recordings[BGRUN_HAPTIC_TYPE_DIRECTION_UP];
  down = recordings[BGRUN_HAPTIC_TYPE_DIRECTION_DOWN];
  success = recordings[BGRUN_HAPTIC_TYPE_SUCCESS];
  g_assert_cmpfloat (tone_at (up, 0)->frequency, <, tone_at (up, 1)->frequency);
  g_assert_cmpfloat (tone_at (down, 0)->frequency, >, tone_at (down, 1)->frequency);
  g_assert_cmpuint (success->tones->len, ==, 3);
  g_assert_cmpfloat (tone_at (success, 0)->frequency, <, tone_at (success, 1)->frequency);
  g_assert_cmpfloat (tone_at (success, 1)->frequency, <, tone_at (success, 2)->frequency);

  for (guint type = 0; type < G_N_ELEMENTS (recordings); type++)
    {
      if (type != BGRUN_HAPTIC_TYPE_FAILURE)
        g_assert_cmpfloat (lowest_frequency (recordings[type]), >,
                           lowest_frequency (recordings[BGRUN_HAPTIC_TYPE_FAILURE]));
      if (type != BGRUN_HAPTIC_TYPE_CLICK)
        g_assert_cmpuint (recordings[type]->duration_ms, >,
                          recordings[BGRUN_HAPTIC_TYPE_CLICK]->duration_ms);
    }

  for (guint type = 0; type < G_N_ELEMENTS (recordings); type++)
    recording_free (recordings[type]);
}

/* playing */

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* A sound played while another plays cuts it off: what is recorded is the
 * new sound alone, and :playing stays TRUE from the first start to the
 * last end. */
static void
test_replace (void)
{
  g_autofree char *wav_path = g_build_filename (tmp_dir, "replace.wav", NULL);
  g_autofree char *sink = wav_sink (wav_path);
  g_autoptr(BgrunHapticPlayer) player = bgrun_haptic_player_new (sink);
  g_autoptr(Recording) recording = NULL;
  g_autoptr(GArray) samples = NULL;
  guint n_notifies = 0;

  g_signal_connect (player, "notify::playing", G_CALLBACK (on_notify_count), &n_notifies);
  bgrun_haptic_player_play (player, BGRUN_HAPTIC_TYPE_FAILURE);
  play_and_wait (player, BGRUN_HAPTIC_TYPE_CLICK);
  g_assert_cmpuint (n_notifies, ==, 2);

  samples = read_wav (wav_path);
  recording = analyse (samples);
  g_assert_cmpuint (recording->duration_ms, ==,
                    bgrun_haptic_pattern_get_duration_ms (BGRUN_HAPTIC_TYPE_CLICK));
  g_assert_cmpuint (recording->tones->len, ==, 1);
}

/* The default player plays through BGRUN_AUDIO_SINK, which main() set. */
static void
test_default_sink (void)
{
  g_autofree char *wav_path = g_build_filename (tmp_dir, "default.wav", NULL);
  BgrunHapticPlayer *player = bgrun_haptic_player_get_default ();
  g_autoptr(GArray) samples = NULL;

  g_assert_true (player == bgrun_haptic_player_get_default ());
  play_and_wait (player, BGRUN_HAPTIC_TYPE_START);
  samples = read_wav (wav_path);
  g_assert_cmpfloat_with_epsilon (ms_of (samples->len),
                                  bgrun_haptic_pattern_get_duration_ms (BGRUN_HAPTIC_TYPE_START),
                                  0.5);
}

/* A sink that does not exist costs one warning naming it, the first time,
 * and nothing plays. */
static void
test_missing_sink (void)
{
  g_autoptr(BgrunHapticPlayer) player = bgrun_haptic_player_new ("no-such-audio-sink");
  guint n_notifies = 0;

  g_signal_connect (player, "notify::playing", G_CALLBACK (on_notify_count), &n_notifies);
  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING, "*no-such-audio-sink*BGRUN_AUDIO_SINK*");
  bgrun_haptic_player_play (player, BGRUN_HAPTIC_TYPE_NOTIFICATION);
  g_test_assert_expected_messages ();
  g_assert_false (bgrun_haptic_player_get_playing (player));

  /* Any further warning would abort the test. */
  bgrun_haptic_player_play (player, BGRUN_HAPTIC_TYPE_SUCCESS);
  g_assert_false (bgrun_haptic_player_get_playing (player));
  g_assert_cmpuint (n_notifies, ==, 0);
}

/* A sink that exists but fails to start (as a sound card that is gone
 * would) costs one debug message, no warning, and nothing plays. */
static void
test_failing_sink (void)
{
  g_autofree char *wav_path = g_build_filename (tmp_dir, "no-such-dir", "x.wav", NULL);
  g_autofree char *sink = wav_sink (wav_path);
  g_autoptr(BgrunHapticPlayer) player = bgrun_haptic_player_new (sink);
  guint debug_before = n_debug_messages;

  bgrun_haptic_player_play (player, BGRUN_HAPTIC_TYPE_RETRY);
  wait_for_silence (player);
  g_assert_cmpuint (n_debug_messages, ==, debug_before + 1);

  bgrun_haptic_player_play (player, BGRUN_HAPTIC_TYPE_RETRY);
  wait_for_silence (player);
  g_assert_cmpuint (n_debug_messages, ==, debug_before + 1);
  g_assert_false (g_file_test (wav_path, G_FILE_TEST_EXISTS));
}

/* repeating */

typedef struct
{
  BgrunHapticPlayer *player;
  guint              id;
  guint              n_calls;      /* of the repeat function */
  guint              n_keep;       /* calls that answer TRUE */
  gboolean           stop_inside;  /* the function stops its repetition */
  guint              n_destroyed;
  guint              n_started;    /* sounds, counted from :playing */
} Repetition;

static gboolean
on_repeat (BgrunHapticType type,
           gpointer        user_data)
{
  Repetition *repetition = user_data;

  g_assert_cmpint (type, ==, BGRUN_HAPTIC_TYPE_CLICK);
  g_assert_cmpuint (repetition->n_destroyed, ==, 0);
  repetition->n_calls++;
  g_main_loop_quit (loop);
  if (repetition->stop_inside)
    bgrun_haptic_player_stop_repeating (repetition->player, repetition->id);
  return repetition->n_calls <= repetition->n_keep;
}

static void
on_repeat_destroy (gpointer user_data)
{
  ((Repetition *) user_data)->n_destroyed++;
  g_main_loop_quit (loop);
}

static void
on_playing (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  if (bgrun_haptic_player_get_playing (BGRUN_HAPTIC_PLAYER (object)))
    ((Repetition *) user_data)->n_started++;
}

static void
start_repetition (Repetition *repetition)
{
  repetition->player = bgrun_haptic_player_new ("fakesink");
  g_signal_connect (repetition->player, "notify::playing", G_CALLBACK (on_playing), repetition);
  repetition->id = bgrun_haptic_player_play_repeating (repetition->player,
                                                       BGRUN_HAPTIC_TYPE_CLICK,
                                                       REPEAT_INTERVAL,
                                                       on_repeat, repetition,
                                                       on_repeat_destroy);
  g_assert_cmpuint (repetition->id, !=, 0);
  /* The first sound plays at once. */
  g_assert_cmpuint (repetition->n_started, ==, 1);
}

/* The repeat function's FALSE ends the repetition: every TRUE before it
 * played one more sound, nothing plays after it. */
static void
test_repeat_until_false (void)
{
  Repetition repetition = { .n_keep = 2 };

  start_repetition (&repetition);
  while (repetition.n_destroyed == 0)
    run_until_quit ("the repetition to end");
  g_assert_cmpuint (repetition.n_calls, ==, 3);
  g_assert_cmpuint (repetition.n_started, ==, 3);

  run_for (3 * REPEAT_INTERVAL);
  g_assert_cmpuint (repetition.n_calls, ==, 3);
  g_assert_cmpuint (repetition.n_started, ==, 3);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);

  /* Stopping an ended repetition is harmless. */
  bgrun_haptic_player_stop_repeating (repetition.player, repetition.id);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);
  g_object_unref (repetition.player);
}

/* stop_repeating() ends it at once, exactly once. */
static void
test_repeat_stop (void)
{
  Repetition repetition = { .n_keep = G_MAXUINT };

  start_repetition (&repetition);
  while (repetition.n_calls < 2)
    run_until_quit ("two repetitions");
  bgrun_haptic_player_stop_repeating (repetition.player, repetition.id);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);
  bgrun_haptic_player_stop_repeating (repetition.player, repetition.id);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);

  run_for (3 * REPEAT_INTERVAL);
  g_assert_cmpuint (repetition.n_calls, ==, 2);
  g_assert_cmpuint (repetition.n_started, ==, 3);
  g_object_unref (repetition.player);
}

/* The repeat function may stop its own repetition: that repetition does
 * not play, whatever the function answers. */
static void
test_repeat_stop_inside (void)
{
  Repetition repetition = { .n_keep = G_MAXUINT, .stop_inside = TRUE };

  start_repetition (&repetition);
  while (repetition.n_destroyed == 0)
    run_until_quit ("the repetition to end");
  run_for (3 * REPEAT_INTERVAL);
  g_assert_cmpuint (repetition.n_calls, ==, 1);
  g_assert_cmpuint (repetition.n_started, ==, 1);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);
  g_object_unref (repetition.player);
}

/* Disposing the player ends its repetitions. */
static void
test_repeat_dispose (void)
{
  Repetition repetition = { .n_keep = G_MAXUINT };

  start_repetition (&repetition);
  g_object_unref (repetition.player);
  g_assert_cmpuint (repetition.n_destroyed, ==, 1);

  run_for (3 * REPEAT_INTERVAL);
  g_assert_cmpuint (repetition.n_calls, ==, 0);
}

/* The interval is more than 0 and at most a minute; anything else is
 * refused with a critical, and plays nothing. */
static void
test_repeat_interval (void)
{
  const double refused[] = { 0, -1, BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX + 0.001, NAN, INFINITY };
  g_autoptr(BgrunHapticPlayer) player = bgrun_haptic_player_new ("fakesink");
  guint n_notifies = 0;
  guint id;

  g_signal_connect (player, "notify::playing", G_CALLBACK (on_notify_count), &n_notifies);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_expect_message ("Bgrun", G_LOG_LEVEL_CRITICAL, "*interval_seconds*");
      id = bgrun_haptic_player_play_repeating (player, BGRUN_HAPTIC_TYPE_CLICK, refused[i],
                                               NULL, NULL, NULL);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (id, ==, 0);
    }
  g_assert_cmpuint (n_notifies, ==, 0);

  id = bgrun_haptic_player_play_repeating (player, BGRUN_HAPTIC_TYPE_CLICK,
                                           BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX,
                                           NULL, NULL, NULL);
  g_assert_cmpuint (id, !=, 0);
  g_assert_true (bgrun_haptic_player_get_playing (player));
  bgrun_haptic_player_stop_repeating (player, id);
}

/* main */

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (tmp_dir);
}

static GLogWriterOutput
count_debug_messages (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_DEBUG) && g_strcmp0 (domain, "Bgrun") == 0 &&
      message != NULL && g_str_has_prefix (message, "Haptic sounds cannot play"))
    n_debug_messages++;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_wav = NULL;
  g_autofree char *default_sink = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (count_debug_messages, NULL, NULL);
  loop = g_main_loop_new (NULL, FALSE);

  tmp_dir = g_dir_make_tmp ("bgrun-haptic-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before any thread starts, and before the default player reads it. */
  default_wav = g_build_filename (tmp_dir, "default.wav", NULL);
  default_sink = wav_sink (default_wav);
  g_setenv ("BGRUN_AUDIO_SINK", default_sink, TRUE);

  for (guint type = 0; type <= BGRUN_HAPTIC_TYPE_CLICK; type++)
    {
      g_autofree char *path = g_strconcat ("/haptic-player/sound/", type_nick (type), NULL);

      g_test_add_data_func (path, GINT_TO_POINTER (type), test_sound);
    }
  g_test_add_func ("/haptic-player/sound/distinct", test_sounds_distinct);
  g_test_add_func ("/haptic-player/play/replace", test_replace);
  g_test_add_func ("/haptic-player/play/default-sink", test_default_sink);
  g_test_add_func ("/haptic-player/play/missing-sink", test_missing_sink);
  g_test_add_func ("/haptic-player/play/failing-sink", test_failing_sink);
  g_test_add_func ("/haptic-player/repeat/until-false", test_repeat_until_false);
  g_test_add_func ("/haptic-player/repeat/stop", test_repeat_stop);
  g_test_add_func ("/haptic-player/repeat/stop-inside", test_repeat_stop_inside);
  g_test_add_func ("/haptic-player/repeat/dispose", test_repeat_dispose);
  g_test_add_func ("/haptic-player/repeat/interval", test_repeat_interval);

  status = g_test_run ();

  remove_tmp_dir ();
  g_main_loop_unref (loop);
  g_free (tmp_dir);
  return status;
}
