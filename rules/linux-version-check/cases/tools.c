// path: tools/testing/selftests/bpf/progs/test.c
/* userspace builds against many kernels */
// ok: linux-version-check
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
int x;
#endif
