/*
 * embed.c - the build's file-to-C step: gongkai's assets (the HTML
 * report's style sheet and script, cli/assets/) are edited as real files
 * and compiled into the binary, so that gongkai needs no file of its own
 * at run time.
 *
 *   embed OUT.c NAME FILE [NAME FILE]...
 *
 * writes, for each FILE, "const char NAME[]" holding its bytes and a NUL,
 * and "const unsigned long NAME_len" its length.  Exit status 0, or 1
 * with a message when a file cannot be read or OUT.c written.
 */
#include <stdio.h>

static int put(FILE *out, const char *name, const char *path)
{
	FILE *in = fopen(path, "rb");
	unsigned long n = 0;
	int c;

	if (!in) {
		perror(path);
		return 1;
	}
	fprintf(out, "\n/* %s */\nconst char %s[] = {", path, name);
	while ((c = getc(in)) != EOF)
		fprintf(out, "%s0x%02x,", n++ % 16 ? " " : "\n\t", (unsigned)c);
	fprintf(out, "\n\t0x00\n};\nconst unsigned long %s_len = %lu;\n", name, n);
	if (ferror(in)) {
		perror(path);
		fclose(in);
		return 1;
	}
	fclose(in);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *out;
	int rc = 0;

	if (argc < 4 || argc % 2) {
		fputs("usage: embed OUT.c NAME FILE [NAME FILE]...\n", stderr);
		return 1;
	}
	if (!(out = fopen(argv[1], "w"))) {
		perror(argv[1]);
		return 1;
	}
	fputs("/* Made by tools/embed.c from the files named below: edit those. */\n", out);
	for (int i = 2; i + 1 < argc && !rc; i += 2)
		rc = put(out, argv[i], argv[i + 1]);
	if (fclose(out) != 0) {
		perror(argv[1]);
		rc = 1;
	}
	if (rc)
		remove(argv[1]);
	return rc;
}
