;; A layer's epilogue (backend `biasActivation`): out = act(x + bias) with the bias along one axis of x,
;; seen as [outer, C, inner]; act is relu (v < 0 ? 0 : v, the unary op's bits: NaN and −0 pass) or none.
;; A row is either one channel's plane (inner > 1: a scalar bias) or, when inner = 1 (a linear layer's
;; [N, C] output), one item's C features (a bias vector). Each element is one float32 add, then relu, so
;; the add-then-relu pair's bits; parts are blocks of rows, so any split gives the same bits.
;;
;; Descriptor (i32 words): 0 kind, 1 rows, 2 row length, 3 C, 4 x, 5 bias, 6 out, 7 rows per part,
;; 8 relu (1) or none (0), 9 vector rows (1) or planes (0).

(func $bias_act_row (param $x i32) (param $o i32) (param $n i32) (param $b i32) (param $vec i32) (param $relu i32)
  (local $i i32) (local $e i32) (local $v v128) (local $bv v128) (local $s f32) (local $bs f32)
  (local.set $e (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
  (local.set $n (i32.shl (local.get $n) (i32.const 2)))
  (local.set $bs (f32.load (local.get $b)))
  (local.set $bv (f32x4.splat (local.get $bs)))
  (block $vd
    (loop $v4
      (br_if $vd (i32.ge_u (local.get $i) (local.get $e)))
      (if (local.get $vec) (then (local.set $bv (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $v (f32x4.add (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $bv)))
      (if (local.get $relu)
        (then (local.set $v (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))))))
      (v128.store (i32.add (local.get $o) (local.get $i)) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $v4)))
  (block $td
    (loop $t
      (br_if $td (i32.ge_u (local.get $i) (local.get $n)))
      (if (local.get $vec) (then (local.set $bs (f32.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $s (f32.add (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $bs)))
      (if (local.get $relu)
        (then (local.set $s (select (f32.const 0) (local.get $s) (f32.lt (local.get $s) (f32.const 0))))))
      (f32.store (i32.add (local.get $o) (local.get $i)) (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $t))))

(func $task_bias_act (param $d i32) (param $part i32) (param $tid i32)
  (local $r i32) (local $end i32) (local $len i32) (local $C i32) (local $vec i32) (local $off i32) (local $b i32)
  (local.set $len (i32.load offset=8 (local.get $d)))
  (local.set $C (i32.load offset=12 (local.get $d)))
  (local.set $vec (i32.load offset=36 (local.get $d)))
  (local.set $r (i32.mul (local.get $part) (i32.load offset=28 (local.get $d))))
  (local.set $end (i32.add (local.get $r) (i32.load offset=28 (local.get $d))))
  (if (i32.gt_u (local.get $end) (i32.load offset=4 (local.get $d)))
    (then (local.set $end (i32.load offset=4 (local.get $d)))))
  (block $done
    (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
      (local.set $off (i32.shl (i32.mul (local.get $r) (local.get $len)) (i32.const 2)))
      (local.set $b (i32.load offset=20 (local.get $d)))
      (if (i32.eqz (local.get $vec))
        (then (local.set $b (i32.add (local.get $b) (i32.shl (i32.rem_u (local.get $r) (local.get $C)) (i32.const 2))))))
      (call $bias_act_row
        (i32.add (i32.load offset=16 (local.get $d)) (local.get $off))
        (i32.add (i32.load offset=24 (local.get $d)) (local.get $off))
        (local.get $len) (local.get $b) (local.get $vec) (i32.load offset=32 (local.get $d)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

;; Its gradient with relu (backend `biasReluBackward`): dx = dy · [y ≰ 0] (relu.wat's product, so its
;; bits) and dbias = Σ dx over every axis but the bias's, in one pass while each row is in cache. The
;; sums follow the unfused sum's kernels exactly, so the pair's bits: over planes (inner > 1) task_sum's
;; order (reduce.wat: per channel, rows of r1 contiguous floats at a stride of sr0, two f64x2
;; accumulators over groups of four then a scalar tail, added at the end); over [rows, C] (inner = 1)
;; col_sum's (colsum.wat: each column in row order in float64, on one part).
;;
;; (The product is written out in the loops: V8 does not inline a small helper, and its call cost
;; more than the pass.)
;;
;; Descriptor (i32 words): 0 kind, 1 channels C, 2 r0 (rows per channel), 3 r1 (floats per row),
;; 4 sr0 (row stride, floats), 5 channel stride (floats), 6 dy, 7 y, 8 dx, 9 dbias, 10 channels per part,
;; 11 vector rows (1: x is [r0, C], the sums are column sums; one part), 12 f64 scratch (C, vector rows).

(func $relu_grad1 (param $dy i32) (param $y i32) (result f32)
  (f32.mul (f32.load (local.get $dy))
    (select (f32.const 0) (f32.const 1) (f32.le (f32.load (local.get $y)) (f32.const 0)))))

(func $task_bias_relu_bwd (param $d i32) (param $part i32) (param $tid i32)
  (local $c i32) (local $c1 i32) (local $r0 i32) (local $r1 i32) (local $sr0 i32) (local $j i32) (local $k i32)
  (local $p i32) (local $dy i32) (local $y i32) (local $dx i32) (local $v v128) (local $a0 v128) (local $a1 v128)
  (local $acc f64) (local $s f32) (local $q i32)
  (local.set $r0 (i32.load offset=8 (local.get $d)))
  (local.set $r1 (i32.load offset=12 (local.get $d)))
  (local.set $sr0 (i32.shl (i32.load offset=16 (local.get $d)) (i32.const 2)))
  (local.set $dy (i32.load offset=24 (local.get $d)))
  (local.set $y (i32.load offset=28 (local.get $d)))
  (local.set $dx (i32.load offset=32 (local.get $d)))
  (if (i32.load offset=44 (local.get $d))
    (then (call $bias_relu_bwd_rows (local.get $d) (local.get $r0) (local.get $r1) (local.get $dy) (local.get $y) (local.get $dx)) (return)))
  (local.set $c (i32.mul (local.get $part) (i32.load offset=40 (local.get $d))))
  (local.set $c1 (i32.add (local.get $c) (i32.load offset=40 (local.get $d))))
  (if (i32.gt_s (local.get $c1) (i32.load offset=4 (local.get $d))) (then (local.set $c1 (i32.load offset=4 (local.get $d)))))
  (block $done
    (loop $Lc
      (br_if $done (i32.ge_s (local.get $c) (local.get $c1)))
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $acc (f64.const 0))
      (local.set $j (i32.const 0))
      (block $rows
        (loop $Lj
          (br_if $rows (i32.ge_s (local.get $j) (local.get $r0)))
          ;; byte offset of row j of channel c
          (local.set $p (i32.add (i32.shl (i32.mul (local.get $c) (i32.load offset=20 (local.get $d))) (i32.const 2))
            (i32.mul (local.get $j) (local.get $sr0))))
          (local.set $k (i32.const 0))
          (block $vd
            (loop $v4
              (br_if $vd (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $r1)))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (local.set $v (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $p)))
                (v128.andnot (v128.const f32x4 1 1 1 1) (f32x4.le (v128.load (i32.add (local.get $y) (local.get $p))) (v128.const f32x4 0 0 0 0)))))
              (v128.store (i32.add (local.get $dx) (local.get $p)) (local.get $v))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (local.get $v))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br $v4)))
          (block $td
            (loop $t1
              (br_if $td (i32.ge_s (local.get $k) (local.get $r1)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (local.set $s (call $relu_grad1 (i32.add (local.get $dy) (local.get $p)) (i32.add (local.get $y) (local.get $p))))
              (f32.store (i32.add (local.get $dx) (local.get $p)) (local.get $s))
              (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (local.get $s))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br $t1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $Lj)))
      (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
      (f32.store (i32.add (i32.load offset=36 (local.get $d)) (i32.shl (local.get $c) (i32.const 2)))
        (f32.demote_f64 (f64.add (local.get $acc)
          (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $Lc))))

;; [rows, C] with the bias along C: each row's gradient, four floats at a time, added into float64
;; column sums in row order (each lane of an f64x2 is one column, so the order is col_sum's).
(func $bias_relu_bwd_rows (param $d i32) (param $rows i32) (param $C i32) (param $dy i32) (param $y i32) (param $dx i32)
  (local $acc i32) (local $j i32) (local $k i32) (local $p i32) (local $a i32) (local $v v128) (local $s f32)
  (local.set $acc (i32.load offset=48 (local.get $d)))
  (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $C) (i32.const 3)))
  (local.set $p (i32.const 0))
  (block $done
    (loop $Lj
      (br_if $done (i32.ge_s (local.get $j) (local.get $rows)))
      (local.set $k (i32.const 0))
      (local.set $a (local.get $acc))
      (block $vd
        (loop $v4
          (br_if $vd (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $C)))
          (local.set $v (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $p)))
            (v128.andnot (v128.const f32x4 1 1 1 1) (f32x4.le (v128.load (i32.add (local.get $y) (local.get $p))) (v128.const f32x4 0 0 0 0)))))
          (v128.store (i32.add (local.get $dx) (local.get $p)) (local.get $v))
          (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
          (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
          (local.set $k (i32.add (local.get $k) (i32.const 4)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (br $v4)))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $k) (local.get $C)))
          (local.set $s (call $relu_grad1 (i32.add (local.get $dy) (local.get $p)) (i32.add (local.get $y) (local.get $p))))
          (f32.store (i32.add (local.get $dx) (local.get $p)) (local.get $s))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (local.get $s))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (br $t1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $Lj)))
  (local.set $k (i32.const 0))
  (block $wd
    (loop $write
      (br_if $wd (i32.ge_s (local.get $k) (local.get $C)))
      (f32.store (i32.add (i32.load offset=36 (local.get $d)) (i32.shl (local.get $k) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $write))))
