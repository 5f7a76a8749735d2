;; Sum over the trailing axes of a strided float32 view, accumulated in float64 (as the TypeScript
;; loop does; the lanes change the order, not the precision), max and min likewise, and scatter-add
;; along the last dim.
;;
;; Sum descriptor (i32 words): 0 kind, 1 op (0 sum, 1 max, 2 min; 3 to 7 in reduce-more.wat), 2 o0, 3 o1 (kept dims), 4-5 their
;; strides, 6 r0, 7 r1 (reduced dims), 8-9 their strides, 10 x, 11 out, 12 outputs per part.

;; Max (op 1) or min (op 2) of the r0 × r1 elements at base (byte strides sr0, sr1). A NaN wins, as in
;; the TypeScript loop; otherwise the extremum is exact whatever the order, except which zero wins a tie
;; of −0 and +0 (the loop keeps the first one seen): for a zero result the caller reruns it in order
;; (simd 0).
(func $extremum (param $base i32) (param $r0 i32) (param $r1 i32) (param $sr0 i32) (param $sr1 i32) (param $op i32) (param $simd i32) (result f32)
  (local $acc f32) (local $s f32) (local $m v128) (local $v v128) (local $j i32) (local $p i32) (local $k i32) (local $lane i32)
  (local.set $acc (select (f32.const -inf) (f32.const inf) (i32.eq (local.get $op) (i32.const 1))))
  (local.set $m (f32x4.splat (local.get $acc)))
  (local.set $j (i32.const 0))
  (block $rows
    (loop $Lj
      (br_if $rows (i32.ge_s (local.get $j) (local.get $r0)))
      (local.set $p (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sr0))))
      (local.set $k (i32.const 0))
      (if (i32.and (local.get $simd) (i32.eq (local.get $sr1) (i32.const 4)))
        (then
          (block $vd
            (loop $v4
              (br_if $vd (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $r1)))
              (local.set $v (v128.load (local.get $p)))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (local.set $m (v128.bitselect (local.get $v) (local.get $m) (v128.or (f32x4.ne (local.get $v) (local.get $v))
                (select (f32x4.gt (local.get $v) (local.get $m)) (f32x4.lt (local.get $v) (local.get $m)) (i32.eq (local.get $op) (i32.const 1))))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br $v4)))))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $k) (local.get $r1)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (local.set $s (f32.load (local.get $p)))
          (if (i32.or (f32.ne (local.get $s) (local.get $s))
                (select (f32.gt (local.get $s) (local.get $acc)) (f32.lt (local.get $s) (local.get $acc)) (i32.eq (local.get $op) (i32.const 1))))
            (then (local.set $acc (local.get $s))))
          (local.set $p (i32.add (local.get $p) (local.get $sr1)))
          (br $t1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $Lj)))
  ;; fold the lanes in with the same rule
  (local.set $lane (i32.const 0))
  (block $ld
    (loop $Ll
      (br_if $ld (i32.ge_u (local.get $lane) (i32.const 4)))
      (local.set $s (f32x4.extract_lane 0 (local.get $m)))
      (local.set $m (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $m) (local.get $m)))
      (if (i32.or (f32.ne (local.get $s) (local.get $s))
            (select (f32.gt (local.get $s) (local.get $acc)) (f32.lt (local.get $s) (local.get $acc)) (i32.eq (local.get $op) (i32.const 1))))
        (then (local.set $acc (local.get $s))))
      (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
      (br $Ll)))
  (local.get $acc))

(func $task_sum (param $d i32) (param $part i32) (param $tid i32)
  (local $o1 i32) (local $r0 i32) (local $r1 i32) (local $sr0 i32) (local $sr1 i32) (local $q i32) (local $q1 i32)
  (local $base i32) (local $p i32) (local $k i32) (local $j i32) (local $acc f64) (local $a0 v128) (local $a1 v128) (local $v v128) (local $x f32)
  (local.set $o1 (i32.load offset=12 (local.get $d)))
  (local.set $r0 (i32.load offset=24 (local.get $d)))
  (local.set $r1 (i32.load offset=28 (local.get $d)))
  (local.set $sr0 (i32.shl (i32.load offset=32 (local.get $d)) (i32.const 2)))
  (local.set $sr1 (i32.shl (i32.load offset=36 (local.get $d)) (i32.const 2)))
  (local.set $q (i32.mul (local.get $part) (i32.load offset=48 (local.get $d))))
  (local.set $q1 (i32.add (local.get $q) (i32.load offset=48 (local.get $d))))
  (if (i32.gt_s (local.get $q1) (i32.mul (i32.load offset=8 (local.get $d)) (local.get $o1)))
    (then (local.set $q1 (i32.mul (i32.load offset=8 (local.get $d)) (local.get $o1)))))
  (block $done
    (loop $Lq
      (br_if $done (i32.ge_s (local.get $q) (local.get $q1)))
      (local.set $base (i32.add (i32.load offset=40 (local.get $d)) (i32.shl
        (i32.add (i32.mul (i32.div_u (local.get $q) (local.get $o1)) (i32.load offset=16 (local.get $d)))
          (i32.mul (i32.rem_u (local.get $q) (local.get $o1)) (i32.load offset=20 (local.get $d))))
        (i32.const 2))))
      (if (i32.ge_u (i32.load offset=4 (local.get $d)) (i32.const 3))
        (then
          (call $reduce_more (i32.load offset=4 (local.get $d)) (local.get $base) (local.get $r0) (local.get $r1) (local.get $sr0) (local.get $sr1)
            (i32.load offset=44 (local.get $d)) (local.get $q))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $Lq)))
      (if (i32.load offset=4 (local.get $d))
        (then
          (local.set $x (call $extremum (local.get $base) (local.get $r0) (local.get $r1) (local.get $sr0) (local.get $sr1)
            (i32.load offset=4 (local.get $d)) (i32.const 1)))
          (if (f32.eq (local.get $x) (f32.const 0))
            (then (local.set $x (call $extremum (local.get $base) (local.get $r0) (local.get $r1) (local.get $sr0) (local.get $sr1)
              (i32.load offset=4 (local.get $d)) (i32.const 0)))))
          (f32.store (i32.add (i32.load offset=44 (local.get $d)) (i32.shl (local.get $q) (i32.const 2))) (local.get $x))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $Lq)))
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $acc (f64.const 0))
      (local.set $j (i32.const 0))
      (block $rows
        (loop $Lj
          (br_if $rows (i32.ge_s (local.get $j) (local.get $r0)))
          (local.set $p (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sr0))))
          ;; counted, not bounded by an end address: a reduced dim may run backwards (a flip) or stand still (a broadcast)
          (local.set $k (i32.const 0))
          (if (i32.eq (local.get $sr1) (i32.const 4))
            (then
              (block $vd
                (loop $v4
                  (br_if $vd (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $r1)))
                  (local.set $k (i32.add (local.get $k) (i32.const 4)))
                  (local.set $v (v128.load (local.get $p)))
                  (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (local.get $v))))
                  (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 16)))
                  (br $v4)))))
          (block $td
            (loop $t1
              (br_if $td (i32.ge_s (local.get $k) (local.get $r1)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (f32.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sr1)))
              (br $t1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $Lj)))
      (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
      (f32.store (i32.add (i32.load offset=44 (local.get $d)) (i32.shl (local.get $q) (i32.const 2)))
        (f32.demote_f64 (f64.add (local.get $acc)
          (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $Lq))))

;; Scatter-add descriptor (i32 words): 0 kind, 1 rows, 2 indices per row, 3 output row length, 4 indices
;; (i32, [rows, m]), 5 src (float32, [rows, m]), 6 out (float32, [rows, size], holding the base), 7 rows
;; per part, 8 set to 1 when an index is out of range (the caller then reports it), 9 1: the part zeroes its
;; rows of out first (no base; a serial fill of the whole output would run on one thread).
(func $task_scatter_add (param $d i32) (param $part i32) (param $tid i32)
  (local $m i32) (local $size i32) (local $r i32) (local $r1 i32) (local $j i32) (local $k i32)
  (local $idx i32) (local $src i32) (local $row i32)
  (local.set $m (i32.load offset=8 (local.get $d)))
  (local.set $size (i32.load offset=12 (local.get $d)))
  (local.set $r (i32.mul (local.get $part) (i32.load offset=28 (local.get $d))))
  (local.set $r1 (i32.add (local.get $r) (i32.load offset=28 (local.get $d))))
  (if (i32.gt_s (local.get $r1) (i32.load offset=4 (local.get $d))) (then (local.set $r1 (i32.load offset=4 (local.get $d)))))
  (local.set $idx (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (i32.mul (local.get $r) (local.get $m)) (i32.const 2))))
  (local.set $src (i32.add (i32.load offset=20 (local.get $d)) (i32.shl (i32.mul (local.get $r) (local.get $m)) (i32.const 2))))
  (if (i32.and (i32.load offset=36 (local.get $d)) (i32.lt_s (local.get $r) (local.get $r1)))
    (then (call $zero_f32
      (i32.add (i32.load offset=24 (local.get $d)) (i32.shl (i32.mul (local.get $r) (local.get $size)) (i32.const 2)))
      (i32.mul (i32.sub (local.get $r1) (local.get $r)) (local.get $size)))))
  (block $done
    (loop $Lr
      (br_if $done (i32.ge_s (local.get $r) (local.get $r1)))
      (local.set $row (i32.add (i32.load offset=24 (local.get $d)) (i32.shl (i32.mul (local.get $r) (local.get $size)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $rowdone
        (loop $Lj
          (br_if $rowdone (i32.ge_s (local.get $j) (local.get $m)))
          (local.set $k (i32.load (local.get $idx)))
          (if (i32.lt_s (local.get $k) (i32.const 0)) (then (local.set $k (i32.add (local.get $k) (local.get $size)))))
          (if (i32.ge_u (local.get $k) (local.get $size))
            (then (i32.store offset=32 (local.get $d) (i32.const 1)) (return)))
          (local.set $k (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))
          (f32.store (local.get $k) (f32.add (f32.load (local.get $k)) (f32.load (local.get $src))))
          (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
          (local.set $src (i32.add (local.get $src) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $Lj)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $Lr))))
