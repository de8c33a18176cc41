/* Assembly helpers. */
#ifndef KEEL_AARCH64_ASM_H
#define KEEL_AARCH64_ASM_H

/* PC-relative address of a symbol anywhere within +-4 GiB. */
.macro adr_l reg, sym adrp \reg, \sym add \reg, \reg,
    : lo12 :\sym
          .endm

          .macro func name.globl \name.type \name,
    % function.balign 4
\name :.endm

            .macro endfunc name.size \name,
    .- \name.endm

#endif
