// path: tools/hv/hv_fcopy_uio_daemon.c
static void set_name(char *dst, const char *src)
{
	// ok: deprecated-string-copy
	strcpy(dst, src);
}
