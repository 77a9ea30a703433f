// path: tools/hv/hv_kvp_daemon.c
/* userspace: printf's %p is not hashed, and %px is no printf conversion anyway */
int main(void)
{
	// ok: px-format-specifier
	printf("%px\n", (void *)main);
	return 0;
}
