#include "table_cells.h"

#include <string.h>

void ts_cell_set_padded(stat_tap_table *table, guint *width, stat_tap_table_item_type *row, guint col,
                        const char *text)
{
    guint len = (guint)strlen(text);
    if (len > *width) {
        *width = len;
        for (guint i = 0; i < table->num_elements; i++) {
            char *cell = (char *)table->elements[i][col].value.string_value;
            if (cell && *cell) {
                char tmp[TS_PAD_CAP];
                g_strlcpy(tmp, cell + strspn(cell, " "), sizeof tmp);
                g_snprintf(cell, TS_PAD_CAP, "%*s", (int)len, tmp);
            }
        }
    }
    char *cell = (char *)row[col].value.string_value;
    if (*text)
        g_snprintf(cell, TS_PAD_CAP, "%*s", (int)*width, text);
    else
        cell[0] = '\0';
}

void ts_cell_filter_check(const char *cli, guint *accepted, const char *opt_arg, const char **filter, char **err)
{
    gsize n = strlen(cli);
    if (strncmp(opt_arg, cli, n) == 0 && opt_arg[n] != '\0' && opt_arg[n] != ',') {
        *filter = NULL;
        *err = g_strdup_printf("invalid -z argument \"%s\"; use -z %s[,<display filter>]", opt_arg, cli);
    } else if ((*accepted)++ > 0) {
        *filter = NULL;
        *err = g_strdup_printf("-z %s can be given once per run", cli);
    }
}
