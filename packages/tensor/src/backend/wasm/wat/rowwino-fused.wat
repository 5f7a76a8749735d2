;; The two product loops of the row-Winograd convolution (rowwino.wat) with fused multiply-adds
;; (f32x4.relaxed_madd): assembled only into the small relaxed-SIMD module next to the fused GEMM
;; macro-kernel (scripts/build-wasm.mjs), which the kernels import as $rw_columns_fast and
;; $rw_dw_columns_fast and call while Ctl.GemmFast is set. Same loops, same operands and strides as
;; $rw_columns and $rw_dw_columns; only the arithmetic differs: each kernel row's product is added by one
;; rounding instead of two, and the five products of a position are summed in order into the running
;; value instead of as a tree (about half the vector instructions of these loops).

;; M[y, p, 4h …] (+)= Σ_i U[i, 4h …]·V[y + i, p, 4h …]: see $rw_columns.
(func $rw_columns_fused (param $U i32) (param $V i32) (param $M i32) (param $Ho i32) (param $np i32) (param $first i32)
  (local $h i32) (local $p i32) (local $y i32) (local $src i32) (local $at i32) (local $rs i32)
  (local $f0 v128) (local $f1 v128) (local $f2 v128) (local $f3 v128) (local $f4 v128)
  (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $s v128)
  (local.set $rs (i32.shl (local.get $np) (i32.const 5)))
  (loop $halves
    (local.set $f0 (v128.load (local.get $U))) (local.set $f1 (v128.load offset=32 (local.get $U)))
    (local.set $f2 (v128.load offset=64 (local.get $U))) (local.set $f3 (v128.load offset=96 (local.get $U)))
    (local.set $f4 (v128.load offset=128 (local.get $U)))
    (local.set $p (i32.const 0))
    (loop $pieces
      (local.set $src (i32.add (local.get $V) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $at (i32.add (local.get $M) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $w0 (v128.load (local.get $src)))
      (local.set $w1 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w2 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w3 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $y (local.get $Ho))
      (loop $rows
        (local.set $w4 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
        (if (local.get $first)
          (then (local.set $s (f32x4.mul (local.get $f0) (local.get $w0))))
          (else (local.set $s (f32x4.relaxed_madd (local.get $f0) (local.get $w0) (v128.load (local.get $at))))))
        (local.set $s (f32x4.relaxed_madd (local.get $f1) (local.get $w1) (local.get $s)))
        (local.set $s (f32x4.relaxed_madd (local.get $f2) (local.get $w2) (local.get $s)))
        (local.set $s (f32x4.relaxed_madd (local.get $f3) (local.get $w3) (local.get $s)))
        (v128.store (local.get $at) (f32x4.relaxed_madd (local.get $f4) (local.get $w4) (local.get $s)))
        (local.set $w0 (local.get $w1)) (local.set $w1 (local.get $w2)) (local.set $w2 (local.get $w3)) (local.set $w3 (local.get $w4))
        (local.set $at (i32.add (local.get $at) (local.get $rs)))
        (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
      (br_if $pieces (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $np))))
    (local.set $U (i32.add (local.get $U) (i32.const 16)))
    (local.set $V (i32.add (local.get $V) (i32.const 16)))
    (local.set $M (i32.add (local.get $M) (i32.const 16)))
    (br_if $halves (i32.lt_s (local.tee $h (i32.add (local.get $h) (i32.const 1))) (i32.const 2)))))

;; dU[i, 4h …] += Σ_(y, p) D[y, p, 4h …] ⊙ V[y + i, p, 4h …]: see $rw_dw_columns.
(func $rw_dw_columns_fused (param $dU i32) (param $D i32) (param $V i32) (param $Ho i32) (param $np i32)
  (local $h i32) (local $p i32) (local $y i32) (local $src i32) (local $g i32) (local $rs i32)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
  (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $d v128)
  (local.set $rs (i32.shl (local.get $np) (i32.const 5)))
  (loop $halves
    (local.set $a0 (v128.load (local.get $dU))) (local.set $a1 (v128.load offset=32 (local.get $dU)))
    (local.set $a2 (v128.load offset=64 (local.get $dU))) (local.set $a3 (v128.load offset=96 (local.get $dU)))
    (local.set $a4 (v128.load offset=128 (local.get $dU)))
    (local.set $p (i32.const 0))
    (loop $pieces
      (local.set $src (i32.add (local.get $V) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $g (i32.add (local.get $D) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $w0 (v128.load (local.get $src)))
      (local.set $w1 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w2 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w3 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $y (local.get $Ho))
      (loop $rows
        (local.set $w4 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
        (local.set $d (v128.load (local.get $g)))
        (local.set $a0 (f32x4.relaxed_madd (local.get $d) (local.get $w0) (local.get $a0)))
        (local.set $a1 (f32x4.relaxed_madd (local.get $d) (local.get $w1) (local.get $a1)))
        (local.set $a2 (f32x4.relaxed_madd (local.get $d) (local.get $w2) (local.get $a2)))
        (local.set $a3 (f32x4.relaxed_madd (local.get $d) (local.get $w3) (local.get $a3)))
        (local.set $a4 (f32x4.relaxed_madd (local.get $d) (local.get $w4) (local.get $a4)))
        (local.set $w0 (local.get $w1)) (local.set $w1 (local.get $w2)) (local.set $w2 (local.get $w3)) (local.set $w3 (local.get $w4))
        (local.set $g (i32.add (local.get $g) (local.get $rs)))
        (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
      (br_if $pieces (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $np))))
    (v128.store (local.get $dU) (local.get $a0)) (v128.store offset=32 (local.get $dU) (local.get $a1))
    (v128.store offset=64 (local.get $dU) (local.get $a2)) (v128.store offset=96 (local.get $dU) (local.get $a3))
    (v128.store offset=128 (local.get $dU) (local.get $a4))
    (local.set $dU (i32.add (local.get $dU) (i32.const 16)))
    (local.set $D (i32.add (local.get $D) (i32.const 16)))
    (local.set $V (i32.add (local.get $V) (i32.const 16)))
    (br_if $halves (i32.lt_s (local.tee $h (i32.add (local.get $h) (i32.const 1))) (i32.const 2)))))
