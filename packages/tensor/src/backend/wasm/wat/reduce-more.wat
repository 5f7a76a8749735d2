;; The reductions of the sum task ($task_sum, reduce.wat) past sum, max and min, over the r0 × r1
;; elements at base (byte strides sr0, sr1) in row-major order, each with the TypeScript loop's bits:
;; 3 prod (float64 products in the loop's order, one rounding to float32 at the end; float32 out),
;; 4 any, 5 all (truth as PyTorch's: non-zero, NaN included, is true, ±0 false; one byte out), 6 argmax, 7 argmin
;; (the first extremum, the first NaN winning; int32 out, r0 = 1).

;; Which lanes of four floats are true: not equal to zero (so NaN is true and ±0 false).
(func $truthy4 (param $v v128) (result v128)
  (v128.not (f32x4.eq (local.get $v) (v128.const f32x4 0 0 0 0))))

;; any (want 1: some element truthy) or all (want 0: some element falsy), as 1 or 0.
(func $any_all (param $base i32) (param $r0 i32) (param $r1 i32) (param $sr0 i32) (param $sr1 i32) (param $want i32) (result i32)
  (local $j i32) (local $k i32) (local $p i32) (local $t i32) (local $m v128)
  (block $rows
    (loop $Lj
      (br_if $rows (i32.ge_s (local.get $j) (local.get $r0)))
      (local.set $p (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sr0))))
      (local.set $k (i32.const 0))
      (if (i32.eq (local.get $sr1) (i32.const 4))
        (then
          (block $vd
            (loop $v4
              (br_if $vd (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $r1)))
              (local.set $m (call $truthy4 (v128.load (local.get $p))))
              ;; any: some lane truthy; all: some lane falsy
              (if (select (v128.any_true (local.get $m)) (i32.eqz (i32x4.all_true (local.get $m))) (local.get $want))
                (then (return (local.get $want))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br $v4)))))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $k) (local.get $r1)))
          (local.set $t (f32.ne (f32.load (local.get $p)) (f32.const 0)))
          (if (i32.eq (local.get $t) (local.get $want)) (then (return (local.get $want))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (local.get $sr1)))
          (br $t1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $Lj)))
  (i32.eqz (local.get $want)))

(func $prod (param $base i32) (param $r0 i32) (param $r1 i32) (param $sr0 i32) (param $sr1 i32) (result f32)
  (local $j i32) (local $k i32) (local $p i32) (local $acc f64)
  (local.set $acc (f64.const 1))
  (block $rows
    (loop $Lj
      (br_if $rows (i32.ge_s (local.get $j) (local.get $r0)))
      (local.set $p (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sr0))))
      (local.set $k (i32.const 0))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $k) (local.get $r1)))
          (local.set $acc (f64.mul (local.get $acc) (f64.promote_f32 (f32.load (local.get $p)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (local.get $sr1)))
          (br $t1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $Lj)))
  (f32.demote_f64 (local.get $acc)))

;; Index of the first maximum (max 1) or minimum of r1 elements; the first NaN wins.
(func $arg_extremum (param $p i32) (param $r1 i32) (param $s i32) (param $max i32) (result i32)
  (local $k i32) (local $best i32) (local $bv f32) (local $v f32)
  (local.set $bv (f32.load (local.get $p)))
  (local.set $k (i32.const 1))
  (block $done
    (loop $Lk
      (br_if $done (i32.ge_s (local.get $k) (local.get $r1)))
      (br_if $done (f32.ne (local.get $bv) (local.get $bv)))
      (local.set $p (i32.add (local.get $p) (local.get $s)))
      (local.set $v (f32.load (local.get $p)))
      (if (i32.or (f32.ne (local.get $v) (local.get $v))
            (select (f32.gt (local.get $v) (local.get $bv)) (f32.lt (local.get $v) (local.get $bv)) (local.get $max)))
        (then (local.set $bv (local.get $v)) (local.set $best (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $Lk)))
  (local.get $best))

;; Output q of the sum task for ops 3 to 7, written at out (its element size by op).
(func $reduce_more (param $op i32) (param $base i32) (param $r0 i32) (param $r1 i32) (param $sr0 i32) (param $sr1 i32) (param $out i32) (param $q i32)
  (if (i32.eq (local.get $op) (i32.const 3))
    (then (f32.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2)))
      (call $prod (local.get $base) (local.get $r0) (local.get $r1) (local.get $sr0) (local.get $sr1))) (return)))
  (if (i32.lt_u (local.get $op) (i32.const 6))
    (then (i32.store8 (i32.add (local.get $out) (local.get $q))
      (call $any_all (local.get $base) (local.get $r0) (local.get $r1) (local.get $sr0) (local.get $sr1) (i32.eq (local.get $op) (i32.const 4)))) (return)))
  (i32.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2)))
    (call $arg_extremum (local.get $base) (local.get $r1) (local.get $sr1) (i32.eq (local.get $op) (i32.const 6)))))
