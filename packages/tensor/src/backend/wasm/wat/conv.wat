;; Convolution as im2col + GEMM (forward and both backward kernels). One task part handles a run of
;; batch items; each thread unrolls into its own workspace. The geometry lives in per-instance
;; globals (every thread has its own instance), loaded from the task descriptor by $conv_load.
;;
;; Conv descriptor (i32 words): 0 kind, 1 N, 2 C, 3 H, 4 W, 5 O, 6 kh, 7 kw, 8 Ho, 9 Wo, 10 sh, 11 sw,
;; 12 ph, 13 pw, 14 dh, 15 dw, 16 groups, 17 in0, 18 in1, 19 out, 20 workspace, 21 workspace bytes per
;; thread, 22 items per part, 23 items per chunk (weight gradient only).

(global $cN (mut i32) (i32.const 0)) (global $cC (mut i32) (i32.const 0))
(global $cH (mut i32) (i32.const 0)) (global $cW (mut i32) (i32.const 0))
(global $cO (mut i32) (i32.const 0)) (global $ckh (mut i32) (i32.const 0))
(global $ckw (mut i32) (i32.const 0)) (global $cHo (mut i32) (i32.const 0))
(global $cWo (mut i32) (i32.const 0)) (global $csh (mut i32) (i32.const 0))
(global $csw (mut i32) (i32.const 0)) (global $cph (mut i32) (i32.const 0))
(global $cpw (mut i32) (i32.const 0)) (global $cdh (mut i32) (i32.const 0))
(global $cdw (mut i32) (i32.const 0)) (global $cG (mut i32) (i32.const 0))

(func $conv_load (param $d i32)
  (global.set $cN (i32.load offset=4 (local.get $d)))
  (global.set $cC (i32.load offset=8 (local.get $d)))
  (global.set $cH (i32.load offset=12 (local.get $d)))
  (global.set $cW (i32.load offset=16 (local.get $d)))
  (global.set $cO (i32.load offset=20 (local.get $d)))
  (global.set $ckh (i32.load offset=24 (local.get $d)))
  (global.set $ckw (i32.load offset=28 (local.get $d)))
  (global.set $cHo (i32.load offset=32 (local.get $d)))
  (global.set $cWo (i32.load offset=36 (local.get $d)))
  (global.set $csh (i32.load offset=40 (local.get $d)))
  (global.set $csw (i32.load offset=44 (local.get $d)))
  (global.set $cph (i32.load offset=48 (local.get $d)))
  (global.set $cpw (i32.load offset=52 (local.get $d)))
  (global.set $cdh (i32.load offset=56 (local.get $d)))
  (global.set $cdw (i32.load offset=60 (local.get $d)))
  (global.set $cG (i32.load offset=64 (local.get $d))))

;; True for a 1×1, stride-1, unpadded convolution: the input plane already is the column matrix.
(func $conv_pointwise (result i32)
  (i32.and
    (i32.and (i32.eq (global.get $ckh) (i32.const 1)) (i32.eq (global.get $ckw) (i32.const 1)))
    (i32.and
      (i32.and (i32.eq (global.get $csh) (i32.const 1)) (i32.eq (global.get $csw) (i32.const 1)))
      (i32.eqz (i32.or (global.get $cph) (global.get $cpw))))))

;; cols[(c·kh + i)·kw + j, oy·Wo + ox] = x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw] (0 outside) for
;; Cg planes of one item; cols is a byte address, ld its row stride in elements.
(func $im2col (param $x i32) (param $Cg i32) (param $cols i32) (param $ld i32)
  (local $H i32) (local $W i32) (local $kh i32) (local $kw i32) (local $Ho i32) (local $Wo i32)
  (local $sh i32) (local $sw i32) (local $c i32) (local $i i32) (local $j i32) (local $oy i32) (local $ox i32)
  (local $y i32) (local $x0 i32) (local $lo i32) (local $hi i32) (local $row i32) (local $d i32) (local $src i32)
  (local $plane i32) (local $xx i32)
  (local.set $H (global.get $cH)) (local.set $W (global.get $cW))
  (local.set $kh (global.get $ckh)) (local.set $kw (global.get $ckw))
  (local.set $Ho (global.get $cHo)) (local.set $Wo (global.get $cWo))
  (local.set $sh (global.get $csh)) (local.set $sw (global.get $csw))
  (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
  (local.set $row (local.get $cols))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $plane (i32.add (local.get $x) (i32.shl (i32.mul (i32.mul (local.get $c) (local.get $H)) (local.get $W)) (i32.const 2))))
    (local.set $i (i32.const 0))
    (loop $Li
      (local.set $j (i32.const 0))
      (loop $Lj
        ;; x0: the input column of output column 0; [lo, hi) the output columns that land inside
        (local.set $x0 (i32.sub (i32.mul (local.get $j) (global.get $cdw)) (global.get $cpw)))
        (local.set $lo (i32.const 0))
        (local.set $hi (local.get $Wo))
        (if (i32.eq (local.get $sw) (i32.const 1))
          (then
            (if (i32.lt_s (local.get $x0) (i32.const 0)) (then (local.set $lo (i32.sub (i32.const 0) (local.get $x0)))))
            (if (i32.gt_s (local.get $lo) (local.get $Wo)) (then (local.set $lo (local.get $Wo))))
            (if (i32.lt_s (i32.sub (local.get $W) (local.get $x0)) (local.get $hi)) (then (local.set $hi (i32.sub (local.get $W) (local.get $x0)))))
            (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))))
        (local.set $d (local.get $row))
        (local.set $oy (i32.const 0))
        (loop $Loy
          (local.set $y (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (global.get $cph)) (i32.mul (local.get $i) (global.get $cdh))))
          (if (i32.ge_u (local.get $y) (local.get $H))
            (then (call $zero_f32 (local.get $d) (local.get $Wo)))
            (else
              (local.set $src (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $y) (local.get $W)) (i32.const 2))))
              (if (i32.eq (local.get $sw) (i32.const 1))
                (then
                  (call $zero_f32 (local.get $d) (local.get $lo))
                  (call $copy_f32
                    (i32.add (local.get $d) (i32.shl (local.get $lo) (i32.const 2)))
                    (i32.add (local.get $src) (i32.shl (i32.add (local.get $lo) (local.get $x0)) (i32.const 2)))
                    (i32.sub (local.get $hi) (local.get $lo)))
                  (call $zero_f32 (i32.add (local.get $d) (i32.shl (local.get $hi) (i32.const 2))) (i32.sub (local.get $Wo) (local.get $hi))))
                (else
                  (local.set $ox (i32.const 0))
                  (local.set $xx (local.get $x0))
                  (loop $Lox
                    (f32.store (i32.add (local.get $d) (i32.shl (local.get $ox) (i32.const 2)))
                      (if (result f32) (i32.lt_u (local.get $xx) (local.get $W))
                        (then (f32.load (i32.add (local.get $src) (i32.shl (local.get $xx) (i32.const 2)))))
                        (else (f32.const 0))))
                    (local.set $xx (i32.add (local.get $xx) (local.get $sw)))
                    (br_if $Lox (i32.lt_s (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $Wo))))))))
          (local.set $d (i32.add (local.get $d) (i32.shl (local.get $Wo) (i32.const 2))))
          (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
        (local.set $row (i32.add (local.get $row) (local.get $ld)))
        (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kw))))
      (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $kh))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; The adjoint of $im2col: every column entry is added onto the input pixel it came from (dx += ...).
(func $col2im (param $cols i32) (param $ld i32) (param $Cg i32) (param $dx i32)
  (local $H i32) (local $W i32) (local $kh i32) (local $kw i32) (local $Ho i32) (local $Wo i32)
  (local $sh i32) (local $sw i32) (local $c i32) (local $i i32) (local $j i32) (local $oy i32) (local $ox i32)
  (local $y i32) (local $x0 i32) (local $lo i32) (local $hi i32) (local $row i32) (local $s i32) (local $dst i32)
  (local $plane i32) (local $xx i32) (local $p i32) (local $q i32) (local $e i32)
  (local.set $H (global.get $cH)) (local.set $W (global.get $cW))
  (local.set $kh (global.get $ckh)) (local.set $kw (global.get $ckw))
  (local.set $Ho (global.get $cHo)) (local.set $Wo (global.get $cWo))
  (local.set $sh (global.get $csh)) (local.set $sw (global.get $csw))
  (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
  (local.set $row (local.get $cols))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $plane (i32.add (local.get $dx) (i32.shl (i32.mul (i32.mul (local.get $c) (local.get $H)) (local.get $W)) (i32.const 2))))
    (local.set $i (i32.const 0))
    (loop $Li
      (local.set $j (i32.const 0))
      (loop $Lj
        (local.set $x0 (i32.sub (i32.mul (local.get $j) (global.get $cdw)) (global.get $cpw)))
        (local.set $lo (i32.const 0))
        (local.set $hi (local.get $Wo))
        (if (i32.eq (local.get $sw) (i32.const 1))
          (then
            (if (i32.lt_s (local.get $x0) (i32.const 0)) (then (local.set $lo (i32.sub (i32.const 0) (local.get $x0)))))
            (if (i32.gt_s (local.get $lo) (local.get $Wo)) (then (local.set $lo (local.get $Wo))))
            (if (i32.lt_s (i32.sub (local.get $W) (local.get $x0)) (local.get $hi)) (then (local.set $hi (i32.sub (local.get $W) (local.get $x0)))))
            (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))))
        (local.set $s (local.get $row))
        (local.set $oy (i32.const 0))
        (loop $Loy
          (local.set $y (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (global.get $cph)) (i32.mul (local.get $i) (global.get $cdh))))
          (if (i32.lt_u (local.get $y) (local.get $H))
            (then
              (local.set $dst (i32.add (local.get $plane) (i32.shl (i32.mul (local.get $y) (local.get $W)) (i32.const 2))))
              (if (i32.eq (local.get $sw) (i32.const 1))
                (then
                  ;; a contiguous run: four lanes at a time, then the tail
                  (local.set $p (i32.add (local.get $s) (i32.shl (local.get $lo) (i32.const 2))))
                  (local.set $q (i32.add (local.get $dst) (i32.shl (i32.add (local.get $lo) (local.get $x0)) (i32.const 2))))
                  (local.set $e (i32.add (local.get $s) (i32.shl (local.get $hi) (i32.const 2))))
                  (block $v4done
                    (loop $v4
                      (br_if $v4done (i32.gt_s (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
                      (v128.store (local.get $q) (f32x4.add (v128.load (local.get $q)) (v128.load (local.get $p))))
                      (local.set $p (i32.add (local.get $p) (i32.const 16)))
                      (local.set $q (i32.add (local.get $q) (i32.const 16)))
                      (br $v4)))
                  (block $tdone
                    (loop $t
                      (br_if $tdone (i32.ge_s (local.get $p) (local.get $e)))
                      (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (f32.load (local.get $p))))
                      (local.set $p (i32.add (local.get $p) (i32.const 4)))
                      (local.set $q (i32.add (local.get $q) (i32.const 4)))
                      (br $t))))
                (else
                  (local.set $ox (i32.const 0))
                  (local.set $xx (local.get $x0))
                  (loop $Lox
                    (if (i32.lt_u (local.get $xx) (local.get $W))
                      (then
                        (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $xx) (i32.const 2))))
                        (f32.store (local.get $q)
                          (f32.add (f32.load (local.get $q)) (f32.load (i32.add (local.get $s) (i32.shl (local.get $ox) (i32.const 2))))))))
                    (local.set $xx (i32.add (local.get $xx) (local.get $sw)))
                    (br_if $Lox (i32.lt_s (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $Wo))))))))
          (local.set $s (i32.add (local.get $s) (i32.shl (local.get $Wo) (i32.const 2))))
          (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
        (local.set $row (i32.add (local.get $row) (local.get $ld)))
        (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kw))))
      (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $kh))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; rows [Og, HWo] of `cnt` consecutive items (item stride O·HWo, starting at src) side by side into
;; dst [Og, cnt·HWo], or back when `back` is set: batches small images into one wide GEMM.
(func $interleave (param $src i32) (param $Og i32) (param $cnt i32) (param $dst i32) (param $back i32)
  (local $HWo4 i32) (local $o i32) (local $i i32) (local $p i32) (local $q i32)
  (local.set $HWo4 (i32.shl (i32.mul (global.get $cHo) (global.get $cWo)) (i32.const 2)))
  (local.set $i (i32.const 0))
  (loop $Li
    (local.set $p (i32.add (local.get $src) (i32.mul (i32.mul (local.get $i) (global.get $cO)) (local.get $HWo4))))
    (local.set $q (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $HWo4))))
    (local.set $o (i32.const 0))
    (loop $Lo
      (if (local.get $back)
        (then (call $copy_f32 (local.get $p) (local.get $q) (i32.shr_u (local.get $HWo4) (i32.const 2))))
        (else (call $copy_f32 (local.get $q) (local.get $p) (i32.shr_u (local.get $HWo4) (i32.const 2)))))
      (local.set $p (i32.add (local.get $p) (local.get $HWo4)))
      (local.set $q (i32.add (local.get $q) (i32.mul (local.get $cnt) (local.get $HWo4))))
      (br_if $Lo (i32.lt_s (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $Og))))
    (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $cnt)))))

;; y = conv(x, w): per group, cols [R, cnt·HWo] = im2col of the part's items, then W_g [Og, R] · cols.
(func $task_conv_fwd (param $d i32) (param $part i32) (param $tid i32)
  (local $pad i32)
  (local $n0 i32) (local $cnt i32) (local $ws i32) (local $cols i32) (local $tmp i32) (local $HW i32) (local $HWo i32)
  (local $Cg i32) (local $Og i32) (local $R i32) (local $L i32) (local $g i32) (local $i i32) (local $x i32) (local $w i32)
  (local $out i32) (local $b i32)
  (call $conv_load (local.get $d))
  (local.set $n0 (i32.mul (local.get $part) (i32.load offset=88 (local.get $d))))
  (local.set $cnt (i32.sub (global.get $cN) (local.get $n0)))
  (if (i32.gt_s (local.get $cnt) (i32.load offset=88 (local.get $d))) (then (local.set $cnt (i32.load offset=88 (local.get $d)))))
  (if (i32.le_s (local.get $cnt) (i32.const 0)) (then (return)))
  (local.set $x (i32.load offset=68 (local.get $d)))
  (local.set $w (i32.load offset=72 (local.get $d)))
  (local.set $out (i32.load offset=76 (local.get $d)))
  (local.set $ws (i32.add (i32.load offset=80 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=84 (local.get $d)))))
  (local.set $HW (i32.mul (global.get $cH) (global.get $cW)))
  (local.set $HWo (i32.mul (global.get $cHo) (global.get $cWo)))
  (local.set $Cg (i32.div_s (global.get $cC) (global.get $cG)))
  (local.set $Og (i32.div_s (global.get $cO) (global.get $cG)))
  (local.set $R (i32.mul (i32.mul (local.get $Cg) (global.get $ckh)) (global.get $ckw)))
  (local.set $L (i32.mul (local.get $cnt) (local.get $HWo)))
  ;; the stride-1 path packs B straight from the planes: no unrolled columns in its workspace
  (local.set $cols (i32.add (local.get $ws) (call $gemm_workspace)))
  (local.set $tmp (i32.add (local.get $cols) (select (i32.const 0) (i32.shl (i32.mul (local.get $R) (local.get $L)) (i32.const 2)) (call $stride1))))
  (local.set $pad (i32.add (local.get $tmp) (i32.shl (i32.mul (local.get $Og) (local.get $L)) (i32.const 2))))
  (local.set $g (i32.const 0))
  (loop $Lg
    (block $next
    (local.set $b (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cC)) (i32.mul (local.get $g) (local.get $Cg))) (local.get $HW)) (i32.const 2))))
    (if (i32.and (call $stride1) (i32.eqz (i32.and (call $conv_pointwise) (i32.eq (local.get $cnt) (i32.const 1)))))
      (then
        (if (i32.eq (local.get $cnt) (i32.const 1))
          (then
            (call $conv_fwd_fused (local.get $b) (i32.const 1)
              (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2)))
              (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2)))
              (local.get $HWo) (local.get $ws) (local.get $pad)))
          (else
            (call $conv_fwd_fused (local.get $b) (local.get $cnt)
              (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2)))
              (local.get $tmp) (local.get $L) (local.get $ws) (local.get $pad))
            (call $interleave
              (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2)))
              (local.get $Og) (local.get $cnt) (local.get $tmp) (i32.const 1))))
        (br $next)))
    (if (i32.eqz (i32.and (call $conv_pointwise) (i32.eq (local.get $cnt) (i32.const 1))))
      (then
        (local.set $i (i32.const 0))
        (loop $Li
          (call $unroll
            (i32.add (local.get $b) (i32.shl (i32.mul (i32.mul (local.get $i) (global.get $cC)) (local.get $HW)) (i32.const 2)))
            (local.get $Cg)
            (i32.add (local.get $cols) (i32.shl (i32.mul (local.get $i) (local.get $HWo)) (i32.const 2)))
            (local.get $L) (local.get $pad))
          (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $cnt))))
        (local.set $b (local.get $cols))))
    (if (i32.eq (local.get $cnt) (i32.const 1))
      (then
        (call $gemm (local.get $Og) (local.get $HWo) (local.get $R)
          (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2))) (local.get $R) (i32.const 1)
          (local.get $b) (local.get $HWo) (i32.const 1)
          (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2)))
          (local.get $HWo) (i32.const 0) (local.get $ws)))
      (else
        (call $gemm (local.get $Og) (local.get $L) (local.get $R)
          (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2))) (local.get $R) (i32.const 1)
          (local.get $b) (local.get $L) (i32.const 1)
          (local.get $tmp) (local.get $L) (i32.const 0) (local.get $ws))
        (call $interleave
          (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2)))
          (local.get $Og) (local.get $cnt) (local.get $tmp) (i32.const 1)))))
    (br_if $Lg (i32.lt_s (local.tee $g (i32.add (local.get $g) (i32.const 1))) (global.get $cG)))))

;; dx = conv2dᵀ(dy, w): per group, cols [R, cnt·HWo] = W_gᵀ · dy_g, folded back onto dx by $col2im.
(func $task_conv_bwd_input (param $d i32) (param $part i32) (param $tid i32)
  (local $pad i32)
  (local $n0 i32) (local $cnt i32) (local $ws i32) (local $cols i32) (local $tmp i32) (local $HW i32) (local $HWo i32)
  (local $Cg i32) (local $Og i32) (local $R i32) (local $L i32) (local $g i32) (local $i i32) (local $dy i32) (local $w i32)
  (local $dx i32) (local $b i32) (local $wg i32) (local $dxg i32)
  (call $conv_load (local.get $d))
  (local.set $n0 (i32.mul (local.get $part) (i32.load offset=88 (local.get $d))))
  (local.set $cnt (i32.sub (global.get $cN) (local.get $n0)))
  (if (i32.gt_s (local.get $cnt) (i32.load offset=88 (local.get $d))) (then (local.set $cnt (i32.load offset=88 (local.get $d)))))
  (if (i32.le_s (local.get $cnt) (i32.const 0)) (then (return)))
  (local.set $dy (i32.load offset=68 (local.get $d)))
  (local.set $w (i32.load offset=72 (local.get $d)))
  (local.set $dx (i32.load offset=76 (local.get $d)))
  (local.set $ws (i32.add (i32.load offset=80 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=84 (local.get $d)))))
  (local.set $HW (i32.mul (global.get $cH) (global.get $cW)))
  (local.set $HWo (i32.mul (global.get $cHo) (global.get $cWo)))
  (local.set $Cg (i32.div_s (global.get $cC) (global.get $cG)))
  (local.set $Og (i32.div_s (global.get $cO) (global.get $cG)))
  (local.set $R (i32.mul (i32.mul (local.get $Cg) (global.get $ckh)) (global.get $ckw)))
  (local.set $L (i32.mul (local.get $cnt) (local.get $HWo)))
  (local.set $cols (i32.add (local.get $ws) (call $gemm_workspace)))
  (local.set $tmp (i32.add (local.get $cols) (i32.shl (i32.mul (local.get $R) (local.get $L)) (i32.const 2))))
  (local.set $pad (i32.add (local.get $tmp) (i32.shl (i32.mul (local.get $Og) (local.get $L)) (i32.const 2))))
  (memory.fill
    (i32.add (local.get $dx) (i32.shl (i32.mul (i32.mul (local.get $n0) (global.get $cC)) (local.get $HW)) (i32.const 2)))
    (i32.const 0)
    (i32.shl (i32.mul (i32.mul (local.get $cnt) (global.get $cC)) (local.get $HW)) (i32.const 2)))
  (local.set $g (i32.const 0))
  (loop $Lg
    (local.set $wg (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2))))
    (local.set $dxg (i32.add (local.get $dx) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cC)) (i32.mul (local.get $g) (local.get $Cg))) (local.get $HW)) (i32.const 2))))
    (local.set $b (i32.add (local.get $dy) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2))))
    (if (i32.gt_s (local.get $cnt) (i32.const 1))
      (then
        (call $interleave (local.get $b) (local.get $Og) (local.get $cnt) (local.get $tmp) (i32.const 0))
        (local.set $b (local.get $tmp))))
    (if (i32.and (call $conv_pointwise) (i32.eq (local.get $cnt) (i32.const 1)))
      (then
        (call $gemm (local.get $R) (local.get $HWo) (local.get $Og)
          (local.get $wg) (i32.const 1) (local.get $R)
          (local.get $b) (local.get $HWo) (i32.const 1)
          (local.get $dxg) (local.get $HWo) (i32.const 0) (local.get $ws)))
      (else
        (call $gemm (local.get $R) (local.get $L) (local.get $Og)
          (local.get $wg) (i32.const 1) (local.get $R)
          (local.get $b) (local.get $L) (i32.const 1)
          (local.get $cols) (local.get $L) (i32.const 0) (local.get $ws))
        (local.set $i (i32.const 0))
        (loop $Li
          (call $fold
            (i32.add (local.get $cols) (i32.shl (i32.mul (local.get $i) (local.get $HWo)) (i32.const 2)))
            (local.get $L) (local.get $Cg)
            (i32.add (local.get $dxg) (i32.shl (i32.mul (i32.mul (local.get $i) (global.get $cC)) (local.get $HW)) (i32.const 2)))
            (local.get $pad))
          (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $cnt))))))
    (br_if $Lg (i32.lt_s (local.tee $g (i32.add (local.get $g) (i32.const 1))) (global.get $cG)))))

;; dW partial of one part: Σ over its items of dy_g [Og, HWo] · colsᵀ, chunk by chunk in a fixed order,
;; into out + part·O·R floats. The parts are summed in order afterwards, so the result does not depend
;; on which thread ran which part.
(func $task_conv_bwd_weight (param $d i32) (param $part i32) (param $tid i32)
  (local $pad i32)
  (local $n0 i32) (local $cnt i32) (local $ws i32) (local $cols i32) (local $tmp i32) (local $HW i32) (local $HWo i32)
  (local $Cg i32) (local $Og i32) (local $R i32) (local $L i32) (local $g i32) (local $i i32) (local $x i32) (local $dy i32)
  (local $pw i32) (local $a i32) (local $lda i32) (local $s0 i32) (local $sc i32) (local $sub i32) (local $first i32) (local $end i32)
  (call $conv_load (local.get $d))
  (local.set $n0 (i32.mul (local.get $part) (i32.load offset=88 (local.get $d))))
  (local.set $cnt (i32.sub (global.get $cN) (local.get $n0)))
  (if (i32.gt_s (local.get $cnt) (i32.load offset=88 (local.get $d))) (then (local.set $cnt (i32.load offset=88 (local.get $d)))))
  (local.set $sub (i32.load offset=92 (local.get $d)))
  (local.set $x (i32.load offset=68 (local.get $d)))
  (local.set $dy (i32.load offset=72 (local.get $d)))
  (local.set $ws (i32.add (i32.load offset=80 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=84 (local.get $d)))))
  (local.set $HW (i32.mul (global.get $cH) (global.get $cW)))
  (local.set $HWo (i32.mul (global.get $cHo) (global.get $cWo)))
  (local.set $Cg (i32.div_s (global.get $cC) (global.get $cG)))
  (local.set $Og (i32.div_s (global.get $cO) (global.get $cG)))
  (local.set $R (i32.mul (i32.mul (local.get $Cg) (global.get $ckh)) (global.get $ckw)))
  (local.set $pw (i32.add (i32.load offset=76 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $part) (global.get $cO)) (local.get $R)) (i32.const 2))))
  (if (i32.le_s (local.get $cnt) (i32.const 0))
    (then
      (memory.fill (local.get $pw) (i32.const 0) (i32.shl (i32.mul (global.get $cO) (local.get $R)) (i32.const 2)))
      (return)))
  (local.set $cols (i32.add (local.get $ws) (call $gemm_workspace)))
  (local.set $tmp (i32.add (local.get $cols) (i32.shl (i32.mul (i32.mul (local.get $R) (local.get $sub)) (local.get $HWo)) (i32.const 2))))
  (local.set $pad (i32.add (local.get $tmp) (i32.shl (i32.mul (i32.mul (local.get $Og) (local.get $sub)) (local.get $HWo)) (i32.const 2))))
  (local.set $end (i32.add (local.get $n0) (local.get $cnt)))
  (local.set $g (i32.const 0))
  (loop $Lg
    (local.set $first (i32.const 1))
    (local.set $s0 (local.get $n0))
    (loop $Ls
      (local.set $sc (i32.sub (local.get $end) (local.get $s0)))
      (if (i32.gt_s (local.get $sc) (local.get $sub)) (then (local.set $sc (local.get $sub))))
      (local.set $L (i32.mul (local.get $sc) (local.get $HWo)))
      (local.set $i (i32.const 0))
      (loop $Li
        (call $unroll
          (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (i32.add (local.get $s0) (local.get $i)) (global.get $cC)) (i32.mul (local.get $g) (local.get $Cg))) (local.get $HW)) (i32.const 2)))
          (local.get $Cg)
          (i32.add (local.get $cols) (i32.shl (i32.mul (local.get $i) (local.get $HWo)) (i32.const 2)))
          (local.get $L) (local.get $pad))
        (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $sc))))
      (local.set $a (i32.add (local.get $dy) (i32.shl (i32.mul (i32.add (i32.mul (local.get $s0) (global.get $cO)) (i32.mul (local.get $g) (local.get $Og))) (local.get $HWo)) (i32.const 2))))
      (local.set $lda (local.get $HWo))
      (if (i32.gt_s (local.get $sc) (i32.const 1))
        (then
          (call $interleave (local.get $a) (local.get $Og) (local.get $sc) (local.get $tmp) (i32.const 0))
          (local.set $a (local.get $tmp))
          (local.set $lda (local.get $L))))
      (call $gemm (local.get $Og) (local.get $R) (local.get $L)
        (local.get $a) (local.get $lda) (i32.const 1)
        (local.get $cols) (i32.const 1) (local.get $L)
        (i32.add (local.get $pw) (i32.shl (i32.mul (i32.mul (local.get $g) (local.get $Og)) (local.get $R)) (i32.const 2)))
        (local.get $R) (i32.eqz (local.get $first)) (local.get $ws))
      (local.set $first (i32.const 0))
      (br_if $Ls (i32.lt_s (local.tee $s0 (i32.add (local.get $s0) (local.get $sc))) (local.get $end))))
    (br_if $Lg (i32.lt_s (local.tee $g (i32.add (local.get $g) (i32.const 1))) (global.get $cG)))))

;; Stride-1 fast path. The input planes are first copied into a zero-bordered buffer (Hp × Wp, the
;; padding baked in), after which every column row is a run of plain Wo-float copies: no bounds tests.
(func $pad_planes (param $x i32) (param $Cg i32) (param $xp i32)
  (local $Hp i32) (local $Wp i32) (local $c i32) (local $y i32) (local $src i32) (local $dst i32)
  (local.set $Hp (i32.add (global.get $cH) (i32.shl (global.get $cph) (i32.const 1))))
  (local.set $Wp (i32.add (global.get $cW) (i32.shl (global.get $cpw) (i32.const 1))))
  (call $zero_f32 (local.get $xp) (i32.mul (i32.mul (local.get $Cg) (local.get $Hp)) (local.get $Wp)))
  (if (i32.eqz (i32.mul (global.get $cH) (global.get $cW))) (then (return)))
  (local.set $src (local.get $x))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $dst (i32.add (local.get $xp)
      (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (global.get $cph)) (local.get $Wp)) (global.get $cpw)) (i32.const 2))))
    (local.set $y (i32.const 0))
    (loop $Ly
      (call $copy_f32 (local.get $dst) (local.get $src) (global.get $cW))
      (local.set $src (i32.add (local.get $src) (i32.shl (global.get $cW) (i32.const 2))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $Wp) (i32.const 2))))
      (br_if $Ly (i32.lt_s (local.tee $y (i32.add (local.get $y) (i32.const 1))) (global.get $cH))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; The inverse of $pad_planes for gradients: the interior of each padded plane back into dx.
(func $unpad_planes (param $xp i32) (param $Cg i32) (param $x i32)
  (local $Hp i32) (local $Wp i32) (local $c i32) (local $y i32) (local $src i32) (local $dst i32)
  (local.set $Hp (i32.add (global.get $cH) (i32.shl (global.get $cph) (i32.const 1))))
  (local.set $Wp (i32.add (global.get $cW) (i32.shl (global.get $cpw) (i32.const 1))))
  (if (i32.eqz (i32.mul (global.get $cH) (global.get $cW))) (then (return)))
  (local.set $dst (local.get $x))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $src (i32.add (local.get $xp)
      (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (global.get $cph)) (local.get $Wp)) (global.get $cpw)) (i32.const 2))))
    (local.set $y (i32.const 0))
    (loop $Ly
      (call $copy_f32 (local.get $dst) (local.get $src) (global.get $cW))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (global.get $cW) (i32.const 2))))
      (local.set $src (i32.add (local.get $src) (i32.shl (local.get $Wp) (i32.const 2))))
      (br_if $Ly (i32.lt_s (local.tee $y (i32.add (local.get $y) (i32.const 1))) (global.get $cH))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; im2col for stride 1 over already padded planes (Hp × Wp): each output row is one Wo-float copy.
(func $im2col_s1 (param $xp i32) (param $Hp i32) (param $Wp i32) (param $Cg i32) (param $cols i32) (param $ld i32)
  (local $Ho i32) (local $Wo i32) (local $c i32) (local $i i32) (local $j i32) (local $oy i32)
  (local $row i32) (local $d i32) (local $s i32) (local $e i32) (local $src i32) (local $rowB i32) (local $Wo16 i32)
  (local.set $Ho (global.get $cHo)) (local.set $Wo (global.get $cWo))
  (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
  (local.set $rowB (i32.shl (local.get $Wp) (i32.const 2)))
  (local.set $Wo16 (i32.shl (i32.shr_u (local.get $Wo) (i32.const 2)) (i32.const 4)))
  (local.set $row (local.get $cols))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $i (i32.const 0))
    (loop $Li
      (local.set $j (i32.const 0))
      (loop $Lj
        (local.set $src (i32.add (local.get $xp) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (i32.mul (local.get $i) (global.get $cdh))) (local.get $Wp))
            (i32.mul (local.get $j) (global.get $cdw)))
          (i32.const 2))))
        (local.set $d (local.get $row))
        (local.set $oy (i32.const 0))
        (loop $Loy
          (local.set $s (local.get $src))
          (local.set $e (i32.add (local.get $d) (local.get $Wo16)))
          (block $vd
            (loop $v
              (br_if $vd (i32.ge_u (local.get $d) (local.get $e)))
              (v128.store (local.get $d) (v128.load (local.get $s)))
              (local.set $d (i32.add (local.get $d) (i32.const 16)))
              (local.set $s (i32.add (local.get $s) (i32.const 16)))
              (br $v)))
          (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $Wo) (i32.const 3)) (i32.const 2))))
          (block $td
            (loop $t
              (br_if $td (i32.ge_u (local.get $d) (local.get $e)))
              (f32.store (local.get $d) (f32.load (local.get $s)))
              (local.set $d (i32.add (local.get $d) (i32.const 4)))
              (local.set $s (i32.add (local.get $s) (i32.const 4)))
              (br $t)))
          (local.set $src (i32.add (local.get $src) (local.get $rowB)))
          (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
        (local.set $row (i32.add (local.get $row) (local.get $ld)))
        (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (global.get $ckw))))
      (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $ckh))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; col2im for stride 1 into padded planes (Hp × Wp, zeroed by the caller): each output row is one
;; Wo-float vector add.
(func $col2im_s1 (param $cols i32) (param $ld i32) (param $Cg i32) (param $xp i32) (param $Hp i32) (param $Wp i32)
  (local $Ho i32) (local $Wo i32) (local $c i32) (local $i i32) (local $j i32) (local $oy i32)
  (local $row i32) (local $d i32) (local $s i32) (local $e i32) (local $dst i32) (local $rowB i32) (local $Wo16 i32) (local $tail i32)
  (local.set $Ho (global.get $cHo)) (local.set $Wo (global.get $cWo))
  (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
  (local.set $rowB (i32.shl (local.get $Wp) (i32.const 2)))
  (local.set $Wo16 (i32.shl (i32.shr_u (local.get $Wo) (i32.const 2)) (i32.const 4)))
  (local.set $tail (i32.and (local.get $Wo) (i32.const 3)))
  (local.set $row (local.get $cols))
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $i (i32.const 0))
    (loop $Li
      (local.set $j (i32.const 0))
      (loop $Lj
        (local.set $dst (i32.add (local.get $xp) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (i32.mul (local.get $i) (global.get $cdh))) (local.get $Wp))
            (i32.mul (local.get $j) (global.get $cdw)))
          (i32.const 2))))
        (local.set $s (local.get $row))
        (local.set $oy (i32.const 0))
        (loop $Loy
          (local.set $d (local.get $dst))
          (local.set $e (i32.add (local.get $s) (local.get $Wo16)))
          (block $vd
            (loop $v
              (br_if $vd (i32.ge_u (local.get $s) (local.get $e)))
              (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (v128.load (local.get $s))))
              (local.set $d (i32.add (local.get $d) (i32.const 16)))
              (local.set $s (i32.add (local.get $s) (i32.const 16)))
              (br $v)))
          ;; the row's last Wo mod 4 floats: two by one 64-bit lane, then one
          (if (i32.ge_u (local.get $tail) (i32.const 2))
            (then
              (v128.store64_lane 0 (local.get $d) (f32x4.add (v128.load64_zero (local.get $d)) (v128.load64_zero (local.get $s))))
              (local.set $d (i32.add (local.get $d) (i32.const 8)))
              (local.set $s (i32.add (local.get $s) (i32.const 8)))))
          (if (i32.and (local.get $tail) (i32.const 1))
            (then
              (f32.store (local.get $d) (f32.add (f32.load (local.get $d)) (f32.load (local.get $s))))
              (local.set $s (i32.add (local.get $s) (i32.const 4)))))
          (local.set $dst (i32.add (local.get $dst) (local.get $rowB)))
          (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
        (local.set $row (i32.add (local.get $row) (local.get $ld)))
        (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (global.get $ckw))))
      (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $ckh))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

(func $stride1 (result i32)
  (i32.and (i32.eq (global.get $csh) (i32.const 1)) (i32.eq (global.get $csw) (i32.const 1))))

(func $padded (result i32)
  (i32.ne (i32.or (global.get $cph) (global.get $cpw)) (i32.const 0)))

;; im2col of one item's Cg planes at x, by the stride-1 path when it applies (pad: scratch for the
;; padded planes, Cg·Hp·Wp floats).
(func $unroll (param $x i32) (param $Cg i32) (param $cols i32) (param $ld i32) (param $pad i32)
  (if (i32.eqz (call $stride1))
    (then (call $im2col (local.get $x) (local.get $Cg) (local.get $cols) (local.get $ld)) (return)))
  (if (call $padded)
    (then
      (call $pad_planes (local.get $x) (local.get $Cg) (local.get $pad))
      (call $im2col_s1 (local.get $pad)
        (i32.add (global.get $cH) (i32.shl (global.get $cph) (i32.const 1)))
        (i32.add (global.get $cW) (i32.shl (global.get $cpw) (i32.const 1)))
        (local.get $Cg) (local.get $cols) (local.get $ld)))
    (else (call $im2col_s1 (local.get $x) (global.get $cH) (global.get $cW) (local.get $Cg) (local.get $cols) (local.get $ld)))))

;; dx planes (Cg of one item) += col2im(cols), by the stride-1 path when it applies: dx must be zero
;; on entry there (the padded planes are accumulated in `pad` and copied over dx).
(func $fold (param $cols i32) (param $ld i32) (param $Cg i32) (param $dx i32) (param $pad i32)
  (local $Hp i32) (local $Wp i32)
  (if (i32.eqz (call $stride1))
    (then (call $col2im (local.get $cols) (local.get $ld) (local.get $Cg) (local.get $dx)) (return)))
  (if (i32.eqz (call $padded))
    (then (call $col2im_s1 (local.get $cols) (local.get $ld) (local.get $Cg) (local.get $dx) (global.get $cH) (global.get $cW)) (return)))
  (local.set $Hp (i32.add (global.get $cH) (i32.shl (global.get $cph) (i32.const 1))))
  (local.set $Wp (i32.add (global.get $cW) (i32.shl (global.get $cpw) (i32.const 1))))
  (call $zero_f32 (local.get $pad) (i32.mul (i32.mul (local.get $Cg) (local.get $Hp)) (local.get $Wp)))
  (call $col2im_s1 (local.get $cols) (local.get $ld) (local.get $Cg) (local.get $pad) (local.get $Hp) (local.get $Wp))
  (call $unpad_planes (local.get $pad) (local.get $Cg) (local.get $dx)))

;; Source of the fused (stride-1) im2col packing: item 0's first plane of the group, the bytes between
;; items, the plane width, and a table of byte offsets of unrolled row k = (c, i, j) from a pixel.
(global $bx (mut i32) (i32.const 0))
(global $bitem (mut i32) (i32.const 0))
(global $bWp (mut i32) (i32.const 0))
(global $bkoff (mut i32) (i32.const 0))

;; koff[(c·kh + i)·kw + j] = 4·(c·Hp·Wp + i·dh·Wp + j·dw) for Cg planes of Hp × Wp.
(func $im2col_offsets (param $Cg i32) (param $Hp i32) (param $Wp i32) (param $dst i32)
  (local $c i32) (local $i i32) (local $j i32)
  (local.set $c (i32.const 0))
  (loop $Lc
    (local.set $i (i32.const 0))
    (loop $Li
      (local.set $j (i32.const 0))
      (loop $Lj
        (i32.store (local.get $dst) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (i32.mul (local.get $i) (global.get $cdh))) (local.get $Wp))
            (i32.mul (local.get $j) (global.get $cdw)))
          (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (global.get $ckw))))
      (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $ckh))))
    (br_if $Lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))

;; $pack_b for B = im2col of a stride-1 convolution: column j of B is output pixel j (item j / HWo),
;; row k an offset from koff. Eight pixels on one output row are eight adjacent input floats, two
;; vector loads per k; slivers that wrap a row gather lane by lane (bases kept in `bases`, 8 words).
(func $pack_b_im2col (param $k0 i32) (param $kc i32) (param $j0 i32) (param $nc i32) (param $dst i32) (param $bases i32)
  (local $j i32) (local $w i32) (local $k i32) (local $koff i32) (local $off i32) (local $base i32) (local $jj i32)
  (local $q i32) (local $HWo i32) (local $Wo i32) (local $col i32) (local $m i32) (local $base2 i32) (local $mlo v128) (local $mhi v128)
  (local.set $HWo (i32.mul (global.get $cHo) (global.get $cWo)))
  (local.set $Wo (global.get $cWo))
  (local.set $koff (i32.add (global.get $bkoff) (i32.shl (local.get $k0) (i32.const 2))))
  (local.set $j (local.get $j0))
  (block $done
    (loop $slivers
      (br_if $done (i32.ge_s (local.get $j) (i32.add (local.get $j0) (local.get $nc))))
      (local.set $w (i32.sub (i32.add (local.get $j0) (local.get $nc)) (local.get $j)))
      (if (i32.gt_s (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
      (local.set $q (i32.rem_u (local.get $j) (local.get $HWo)))
      ;; m: how many of the eight pixels lie on this sliver's first output row
      (local.set $m (i32.sub (local.get $Wo) (i32.rem_u (local.get $q) (local.get $Wo))))
      (local.set $base (i32.add
        (i32.add (global.get $bx) (i32.mul (i32.div_u (local.get $j) (local.get $HWo)) (global.get $bitem)))
        (i32.shl (i32.add (i32.mul (i32.div_u (local.get $q) (local.get $Wo)) (global.get $bWp)) (i32.rem_u (local.get $q) (local.get $Wo))) (i32.const 2))))
      (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.ge_u (local.get $m) (i32.const 8)))
        (then
          (local.set $k (i32.const 0))
          (loop $rows
            (local.set $off (i32.add (local.get $base) (i32.load (i32.add (local.get $koff) (i32.shl (local.get $k) (i32.const 2))))))
            (v128.store (local.get $dst) (v128.load (local.get $off)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $off)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (br_if $rows (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $slivers)))
      (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.le_u (i32.sub (i32.const 8) (local.get $m)) (local.get $Wo)))
        (then
          ;; two runs: lanes < m from this row, the rest from the start of the next row (or item); each
          ;; run is loaded as if it covered all eight lanes, and a lane mask picks between them
          (local.set $col (i32.add (local.get $j) (local.get $m)))
          (local.set $q (i32.rem_u (local.get $col) (local.get $HWo)))
          (local.set $base2 (i32.sub
            (i32.add
              (i32.add (global.get $bx) (i32.mul (i32.div_u (local.get $col) (local.get $HWo)) (global.get $bitem)))
              (i32.shl (i32.mul (i32.div_u (local.get $q) (local.get $Wo)) (global.get $bWp)) (i32.const 2)))
            (i32.shl (local.get $m) (i32.const 2))))
          (local.set $mlo (i32x4.gt_s (i32x4.splat (local.get $m)) (v128.const i32x4 0 1 2 3)))
          (local.set $mhi (i32x4.gt_s (i32x4.splat (local.get $m)) (v128.const i32x4 4 5 6 7)))
          (local.set $k (i32.const 0))
          (loop $rows
            (local.set $off (i32.load (i32.add (local.get $koff) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $jj (i32.add (local.get $base) (local.get $off)))
            (local.set $off (i32.add (local.get $base2) (local.get $off)))
            (v128.store (local.get $dst) (v128.bitselect (v128.load (local.get $jj)) (v128.load (local.get $off)) (local.get $mlo)))
            (v128.store offset=16 (local.get $dst)
              (v128.bitselect (v128.load offset=16 (local.get $jj)) (v128.load offset=16 (local.get $off)) (local.get $mhi)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (br_if $rows (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $slivers)))
      (block $scalar
        (local.set $jj (i32.const 0))
        (loop $lanes
          (local.set $col (i32.add (local.get $j) (local.get $jj)))
          (local.set $q (i32.rem_u (local.get $col) (local.get $HWo)))
          (i32.store (i32.add (local.get $bases) (i32.shl (local.get $jj) (i32.const 2)))
            (i32.add
              (i32.add (global.get $bx) (i32.mul (i32.div_u (local.get $col) (local.get $HWo)) (global.get $bitem)))
              (i32.shl (i32.add (i32.mul (i32.div_u (local.get $q) (local.get $Wo)) (global.get $bWp)) (i32.rem_u (local.get $q) (local.get $Wo))) (i32.const 2))))
          (br_if $lanes (i32.lt_s (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (local.get $w))))
        (local.set $k (i32.const 0))
        (loop $rows
          (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
          (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
          (local.set $off (i32.load (i32.add (local.get $koff) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $jj (i32.const 0))
          (loop $lanes
            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $jj) (i32.const 2)))
              (f32.load (i32.add (local.get $off) (i32.load (i32.add (local.get $bases) (i32.shl (local.get $jj) (i32.const 2)))))))
            (br_if $lanes (i32.lt_s (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (local.get $w))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
          (br_if $rows (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $slivers))))

;; Forward of one group for the part's items by the fused path (stride 1): pads the items' planes if
;; needed, builds the offset table, and runs the GEMM with B packed straight from the planes.
(func $conv_fwd_fused (param $xg i32) (param $cnt i32) (param $wg i32) (param $dst i32) (param $ldc i32) (param $ws i32) (param $pad i32)
  (local $Cg i32) (local $Hp i32) (local $Wp i32) (local $i i32) (local $plane i32) (local $R i32) (local $HWo i32)
  (local.set $Cg (i32.div_s (global.get $cC) (global.get $cG)))
  (local.set $R (i32.mul (i32.mul (local.get $Cg) (global.get $ckh)) (global.get $ckw)))
  (local.set $HWo (i32.mul (global.get $cHo) (global.get $cWo)))
  (local.set $Hp (i32.add (global.get $cH) (i32.shl (global.get $cph) (i32.const 1))))
  (local.set $Wp (i32.add (global.get $cW) (i32.shl (global.get $cpw) (i32.const 1))))
  (if (call $padded)
    (then
      (local.set $plane (i32.mul (i32.mul (local.get $Cg) (local.get $Hp)) (local.get $Wp)))
      (local.set $i (i32.const 0))
      (loop $Li
        (call $pad_planes
          (i32.add (local.get $xg) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $i) (global.get $cC)) (global.get $cH)) (global.get $cW)) (i32.const 2)))
          (local.get $Cg)
          (i32.add (local.get $pad) (i32.shl (i32.mul (local.get $i) (local.get $plane)) (i32.const 2))))
        (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $cnt))))
      (global.set $bx (local.get $pad))
      (global.set $bitem (i32.shl (local.get $plane) (i32.const 2))))
    (else
      (global.set $bx (local.get $xg))
      (global.set $bitem (i32.shl (i32.mul (i32.mul (global.get $cC) (global.get $cH)) (global.get $cW)) (i32.const 2)))))
  (global.set $bWp (local.get $Wp))
  (global.set $bkoff (i32.add (local.get $pad) (i32.shl (i32.mul (i32.mul (local.get $cnt) (local.get $Cg)) (i32.mul (local.get $Hp) (local.get $Wp))) (i32.const 2))))
  (call $im2col_offsets (local.get $Cg) (local.get $Hp) (local.get $Wp) (global.get $bkoff))
  (global.set $b_im2col (i32.const 1))
  (call $gemm (i32.div_s (global.get $cO) (global.get $cG)) (i32.mul (local.get $cnt) (local.get $HWo)) (local.get $R)
    (local.get $wg) (local.get $R) (i32.const 1)
    (i32.const 0) (i32.const 0) (i32.const 0)
    (local.get $dst) (local.get $ldc) (i32.const 0) (local.get $ws))
  (global.set $b_im2col (i32.const 0)))
