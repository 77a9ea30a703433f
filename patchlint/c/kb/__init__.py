"""The ops-struct prototype knowledge base: for each struct with function-pointer members
(net_device_ops, ethtool_ops, file_operations, Xen's hvm_function_table, ...), each member's
return and parameter types, as shipped in a given kernel or Xen release.

`model` is the loaded form, `lookup` the queries on it, `fileformat` the JSON document,
`shipped` the KBs that come with patchlint; `extract` and `build` make a KB from a source
tree (`patchlint kb build`).
"""
