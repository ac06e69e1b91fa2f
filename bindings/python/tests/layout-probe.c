/* Prints the size and field offsets of every public struct the ctypes bindings mirror
 * (govaudit/_lib.py), for test_layout.py to compare: header changes that the bindings
 * have not followed fail the tests instead of corrupting memory. */
#include <stddef.h>
#include <stdio.h>

#include <govaudit/govaudit.h>
#if __has_include(<govaudit/site.h>)
#include <govaudit/site.h>
#define HAVE_SITE 1
#endif

#define S(T) printf("%s size %zu\n", #T, sizeof(T))
#define F(T, f) printf("%s %s %zu\n", #T, #f, offsetof(T, f))

int main(void)
{
    S(ga_norm_options_t);
    F(ga_norm_options_t, flags); F(ga_norm_options_t, noise); F(ga_norm_options_t, noise_len);
    S(ga_page_options_t);
    F(ga_page_options_t, content_type); F(ga_page_options_t, charset);
    F(ga_page_options_t, max_bytes);
    S(ga_warc_options_t);
    F(ga_warc_options_t, flags); F(ga_warc_options_t, max_record_size);
    F(ga_warc_options_t, skip_types); F(ga_warc_options_t, keep);
    F(ga_warc_options_t, keep_data);
    S(ga_token_t);
    F(ga_token_t, start); F(ga_token_t, end); F(ga_token_t, kind); F(ga_token_t, reserved);
    S(ga_finding_t);
    F(ga_finding_t, rule); F(ga_finding_t, category); F(ga_finding_t, severity);
    F(ga_finding_t, start); F(ga_finding_t, end); F(ga_finding_t, text);
    F(ga_finding_t, suggestion);
    S(ga_attach_limits_t);
    F(ga_attach_limits_t, max_input); F(ga_attach_limits_t, max_unpacked);
    F(ga_attach_limits_t, max_text); F(ga_attach_limits_t, max_parts);
    S(ga_attach_piece_t);
    F(ga_attach_piece_t, place); F(ga_attach_piece_t, start); F(ga_attach_piece_t, end);
    F(ga_attach_piece_t, index); F(ga_attach_piece_t, row); F(ga_attach_piece_t, column);
    F(ga_attach_piece_t, sheet); F(ga_attach_piece_t, location);
    S(ga_dedup_doc_t);
    F(ga_dedup_doc_t, id); F(ga_dedup_doc_t, site); F(ga_dedup_doc_t, column);
    F(ga_dedup_doc_t, url); F(ga_dedup_doc_t, date); F(ga_dedup_doc_t, title);
    F(ga_dedup_doc_t, source); F(ga_dedup_doc_t, text); F(ga_dedup_doc_t, text_len);
    S(ga_dedup_options_t);
    F(ga_dedup_options_t, threshold); F(ga_dedup_options_t, window_days);
    F(ga_dedup_options_t, segmenter); F(ga_dedup_options_t, progress);
    F(ga_dedup_options_t, progress_user); F(ga_dedup_options_t, containment);
    S(ga_progress_t);
    F(ga_progress_t, stage); F(ga_progress_t, done); F(ga_progress_t, total);
    F(ga_progress_t, bytes); F(ga_progress_t, final);
#ifdef HAVE_SITE
    S(ga_site_options_t);
    F(ga_site_options_t, flags); F(ga_site_options_t, site_url); F(ga_site_options_t, site_name);
    F(ga_site_options_t, max_findings); F(ga_site_options_t, max_page_bytes);
    F(ga_site_options_t, dedup_threshold); F(ga_site_options_t, spell);
    F(ga_site_options_t, progress); F(ga_site_options_t, progress_user);
#endif
    S(ga_probe_options_t);
    F(ga_probe_options_t, flags); F(ga_probe_options_t, timeout_ms);
    F(ga_probe_options_t, max_redirects); F(ga_probe_options_t, max_body);
    F(ga_probe_options_t, parallel); F(ga_probe_options_t, per_host);
    F(ga_probe_options_t, host_delay_ms); F(ga_probe_options_t, tries);
    F(ga_probe_options_t, retry_delay_ms); F(ga_probe_options_t, user_agent);
    F(ga_probe_options_t, ca_file); F(ga_probe_options_t, progress);
    F(ga_probe_options_t, progress_user);
    return 0;
}
