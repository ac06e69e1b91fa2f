/* Attachment text extraction throughput (MB/s of file) per format, next to an anchor
 * measured in the same run on the same file:
 * - DOCX, XLSX, PPTX, OFD: unpacking every member with libzip and one bare libxml2 pull
 *   parse of each (the floor of any extractor built on them);
 * - PDF: poppler's pdftotext on the file (a process per run, as tools call it).
 * Usage: bench-attach FOLDER (the files gen-bench.py writes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include <govaudit/govaudit.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return d;
}

/* The anchor of the zip formats: every member unpacked and pull-parsed once. */
static size_t bare_unzip_parse(const char *data, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    size_t nodes = 0;
    for (zip_int64_t i = 0; za && i < zip_get_num_entries(za, 0); i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0)
            continue;
        char *buf = malloc(st.size + 1);
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
        if (f)
            zip_fclose(f);
        if (got > 0) {
            xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)got, NULL, NULL,
                                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                        XML_PARSE_NOWARNING);
            while (r && xmlTextReaderRead(r) == 1)
                nodes++;
            xmlFreeTextReader(r);
        }
        free(buf);
    }
    if (za)
        zip_discard(za);
    zip_error_fini(&ze);
    return nodes;
}

static double run_pdftotext(const char *path)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        execlp("pdftotext", "pdftotext", "-q", path, "/dev/null", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1;
    return now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-attach FOLDER\n");
        return 2;
    }
    static const char *const names[] = {"bench.docx", "bench.xlsx", "bench.pptx", "bench.ofd",
                                        "bench.pdf"};
    printf("%-6s %8s %8s %10s %10s %12s %8s\n", "format", "file MB", "text MB", "ours MB/s",
           "anchor", "anchor MB/s", "ratio");
    int rc = 0;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], names[k]);
        size_t len;
        char *data = slurp(path, &len);
        if (!data) {
            printf("%-6s skipped: %s not found\n", names[k] + 6, path);
            continue;
        }
        bool pdf = strstr(names[k], ".pdf") != NULL;
        if (pdf && !ga_attach_pdf_supported()) {
            printf("%-6s skipped: this build reads no PDF\n", "pdf");
            free(data);
            continue;
        }
        /* best of three runs of each */
        double ours = 1e9, anchor = 1e9;
        size_t text = 0;
        for (int r = 0; r < 3; r++) {
            double t0 = now();
            ga_attach_t *doc = NULL;
            ga_error_t *err = NULL;
            if (ga_attach_extract(data, len, NULL, &doc, &err) != GA_OK) {
                fprintf(stderr, "%s: %s\n", path, ga_error_message(err));
                ga_error_free(err);
                rc = 1;
                break;
            }
            double t = now() - t0;
            ga_attach_text(doc, &text);
            ga_attach_free(doc);
            ours = t < ours ? t : ours;
            double a;
            if (pdf) {
                a = run_pdftotext(path);
            } else {
                t0 = now();
                if (!bare_unzip_parse(data, len))
                    rc = 1;
                a = now() - t0;
            }
            anchor = a >= 0 && a < anchor ? a : anchor;
        }
        double mb = (double)len / 1e6;
        if (anchor >= 1e9)
            printf("%-6s %8.2f %8.2f %10.1f %10s %12s %8s\n", names[k] + 6, mb, text / 1e6,
                   mb / ours, pdf ? "pdftotext" : "unzip+xml", "failed", "-");
        else
            printf("%-6s %8.2f %8.2f %10.1f %10s %12.1f %7.2fx\n", names[k] + 6, mb, text / 1e6,
                   mb / ours, pdf ? "pdftotext" : "unzip+xml", mb / anchor, anchor / ours);
        free(data);
    }
    puts("ratio: anchor time / ours (above 1: faster than the anchor)");
    return rc;
}
