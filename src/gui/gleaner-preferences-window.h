/* gleaner-preferences-window.h — the settings a user may change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLEANER_TYPE_PREFERENCES_WINDOW (gleaner_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GleanerPreferencesWindow, gleaner_preferences_window,
                      GLEANER, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* A window editing @settings (schema io.github.gleaner.Gleaner), modal over @parent. */
GtkWidget *gleaner_preferences_window_new (GtkWindow *parent,
                                           GSettings *settings);

/* Validation, shared with tests. Returns (transfer full): "HH:MM" for a time of day written
 * "H:MM" or "HH:MM" (24-hour clock, surrounding spaces ignored), else NULL. */
char      *gleaner_preferences_normalize_time (const char *text);

/* Opens the arXiv category picker over this window (what "Add Categories…" does) and
 * returns it (transfer none). */
GtkWidget *gleaner_preferences_window_open_category_picker (GleanerPreferencesWindow *self);
/* The Sources page's row of the followed category @code (its suffix button removes it), or of
 * "Add Categories…" when @code is NULL; NULL if there is none. For tests. */
GtkWidget *gleaner_preferences_window_get_category_row     (GleanerPreferencesWindow *self,
                                                            const char               *code);

G_END_DECLS
