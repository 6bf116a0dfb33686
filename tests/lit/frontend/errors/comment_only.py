# Bad script: a file holding only comments (these lines) has no function or
# class to compile or run.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s 2>&1 | FileCheck %s
# CHECK: {{^.*}}comment_only.py{{(:1:1)?}}: error: {{.*(no function|no class|nothing|empty).*}}
