/* Linking a connection to the DNS lookup that found its server. */
#include "dns_link.h"

static ts_addr v4(guint8 last)
{
    guint8 b[4] = {192, 0, 2, last};
    ts_addr a;
    ts_addr_set(&a, 4, b);
    return a;
}

static void test_links_newest_answer_within_window(void)
{
    ts_dns_link *d = ts_dns_link_new();
    ts_addr server = v4(10), other = v4(11);
    ts_dns_exchange old = {1, 2, 0.5, 0.010}, fresh = {7, 8, 3.0, 0.020};
    ts_dns_answer(d, &server, &old);
    ts_dns_answer(d, &server, &fresh);
    ts_dns_answer(d, &other, &old);

    const ts_dns_exchange *x = ts_dns_connect(d, 0, &server, 3.25);
    g_assert_nonnull(x);
    g_assert_cmpuint(x->query_frame, ==, 7);
    g_assert_cmpfloat_with_epsilon(x->dns_time, 0.020, 1e-12);
    g_assert_cmpuint(ts_dns_stream_of_frame(d, 7), ==, 0);
    g_assert_cmpuint(ts_dns_stream_of_frame(d, 8), ==, 0);
    g_assert_cmpuint(ts_dns_stream_of_frame(d, 1), ==, G_MAXUINT32); /* superseded lookup */
    g_assert_true(ts_dns_for_stream(d, 0) == x);

    /* A second connection to the same server shares the lookup; its frames keep naming
     * the first connection. */
    g_assert_nonnull(ts_dns_connect(d, 5, &server, 4.0));
    g_assert_cmpuint(ts_dns_stream_of_frame(d, 7), ==, 0);
    ts_dns_link_free(d);
}

static void test_no_link_outside_window_or_before_answer(void)
{
    ts_dns_link *d = ts_dns_link_new();
    ts_addr server = v4(10), unknown = v4(99);
    ts_dns_exchange x = {1, 2, 10.0, 0.001};
    ts_dns_answer(d, &server, &x);
    g_assert_null(ts_dns_connect(d, 0, &server, 10.0 + TS_DNS_WINDOW + 0.001)); /* too late */
    g_assert_null(ts_dns_connect(d, 1, &server, 9.0));                          /* before the answer */
    g_assert_null(ts_dns_connect(d, 2, &unknown, 10.5));                        /* another address */
    g_assert_nonnull(ts_dns_connect(d, 3, &server, 10.0 + TS_DNS_WINDOW));      /* the edge counts */
    g_assert_null(ts_dns_for_stream(d, 0));
    ts_dns_link_free(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dns_link/newest_answer_within_window", test_links_newest_answer_within_window);
    g_test_add_func("/dns_link/no_link_outside_window", test_no_link_outside_window_or_before_answer);
    return g_test_run();
}
