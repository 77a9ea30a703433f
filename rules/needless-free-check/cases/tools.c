// path: tools/hv/hv_kvp_daemon.c
static void kvp_free(char *buf)
{
	// ruleid: needless-free-check
	if (buf != NULL)
		free(buf);
	// ok: needless-free-check
	if (buf)
		kfree(buf);
}
