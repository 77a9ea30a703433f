; printk whose first argument is a bare string literal: no XENLOG_ level concatenated in front
(call_expression
  function: (identifier) @fn
  arguments: (argument_list . (string_literal) @hit)
  (#eq? @fn "printk"))
