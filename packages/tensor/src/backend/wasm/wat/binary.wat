;; Float32 binary kernels over contiguous rows ($bin_arith, $bin_cmp), called by the element-wise task
;; in elementwise.wat. Results match the TypeScript loops bit for bit (see elementwise.wat).

;; out[i] = a[i] op b[i] for contiguous rows, op 0..5 (float32 out). One loop per op (the op is chosen once
;; per row, not per vector), two vectors per turn.
(func $bin_arith (param $op i32) (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x v128) (local $y v128) (local $x2 v128) (local $y2 v128) (local $s f32) (local $t f32) (local $u f32)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vec
    (block $min (block $max (block $div (block $mul (block $sub (block $add 
      (br_table $add $sub $mul $div $max $min (local.get $op)))
    ;; add: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (f32x4.add (local.get $x) (local.get $y)))
        (v128.store offset=16 (local.get $o) (f32x4.add (local.get $x2) (local.get $y2)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (f32x4.add (local.get $x) (local.get $y)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
    ;; sub: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (f32x4.sub (local.get $x) (local.get $y)))
        (v128.store offset=16 (local.get $o) (f32x4.sub (local.get $x2) (local.get $y2)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (f32x4.sub (local.get $x) (local.get $y)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
    ;; mul: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (f32x4.mul (local.get $x) (local.get $y)))
        (v128.store offset=16 (local.get $o) (f32x4.mul (local.get $x2) (local.get $y2)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (f32x4.mul (local.get $x) (local.get $y)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
    ;; div: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (f32x4.div (local.get $x) (local.get $y)))
        (v128.store offset=16 (local.get $o) (f32x4.div (local.get $x2) (local.get $y2)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (f32x4.div (local.get $x) (local.get $y)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
    ;; max: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (v128.bitselect (local.get $x) (local.get $y) (v128.or (f32x4.ne (local.get $x) (local.get $x)) (f32x4.gt (local.get $x) (local.get $y)))))
        (v128.store offset=16 (local.get $o) (v128.bitselect (local.get $x2) (local.get $y2) (v128.or (f32x4.ne (local.get $x2) (local.get $x2)) (f32x4.gt (local.get $x2) (local.get $y2)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (v128.bitselect (local.get $x) (local.get $y) (v128.or (f32x4.ne (local.get $x) (local.get $x)) (f32x4.gt (local.get $x) (local.get $y)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
    ;; min: two vectors per turn
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $o) (i32.const 32)) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (local.set $x2 (v128.load offset=16 (local.get $a)))
        (local.set $y2 (v128.load offset=16 (local.get $b)))
        (v128.store (local.get $o) (v128.bitselect (local.get $x) (local.get $y) (v128.or (f32x4.ne (local.get $x) (local.get $x)) (f32x4.lt (local.get $x) (local.get $y)))))
        (v128.store offset=16 (local.get $o) (v128.bitselect (local.get $x2) (local.get $y2) (v128.or (f32x4.ne (local.get $x2) (local.get $x2)) (f32x4.lt (local.get $x2) (local.get $y2)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $l2)))
    (if (i32.lt_u (local.get $o) (local.get $e))
      (then
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        (v128.store (local.get $o) (v128.bitselect (local.get $x) (local.get $y) (v128.or (f32x4.ne (local.get $x) (local.get $x)) (f32x4.lt (local.get $x) (local.get $y)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))))
    (br $vec))
  (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $s (f32.load (local.get $a)))
      (local.set $t (f32.load (local.get $b)))
      (block $sel (block $min (block $max (block $div (block $mul (block $sub (block $add
        (br_table $add $sub $mul $div $max $min (local.get $op)))
        (local.set $u (f32.add (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.sub (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.mul (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.div (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (select (local.get $s) (local.get $t)
          (i32.or (f32.ne (local.get $s) (local.get $s)) (f32.gt (local.get $s) (local.get $t))))) (br $sel))
      (local.set $u (select (local.get $s) (local.get $t)
        (i32.or (f32.ne (local.get $s) (local.get $s)) (f32.lt (local.get $s) (local.get $t))))))
      (f32.store (local.get $o) (local.get $u))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))


;; out[i] = a[i] cmp b[i] ? 1 : 0 as bytes, op 6..11. One loop per op: sixteen lanes per turn, their
;; all-ones/zero masks narrowed to sixteen bytes and stored at once; then four at a time, then one.
(func $bin_cmp (param $op i32) (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32) (local $e16 i32) (local $x v128) (local $y v128) (local $r v128) (local $q v128) (local $s f32) (local $t f32) (local $u i32)
  (local.set $e (i32.add (local.get $o) (i32.and (local.get $n) (i32.const -4))))
  (local.set $e16 (i32.add (local.get $o) (i32.and (local.get $n) (i32.const -16))))
  (block $vec
    (block $ne (block $eq (block $le (block $lt (block $ge (block $gt 
      (br_table $gt $ge $lt $le $eq $ne (i32.sub (local.get $op) (i32.const 6))))
    ;; gt
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.gt (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.gt (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.gt (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.gt (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.gt (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
    ;; ge
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.ge (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.ge (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.ge (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.ge (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.ge (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
    ;; lt
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.lt (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.lt (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.lt (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.lt (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.lt (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
    ;; le
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.le (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.le (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.le (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.le (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.le (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
    ;; eq
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.eq (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.eq (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.eq (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.eq (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.eq (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
    ;; ne
    (block $d16
      (loop $l16
        (br_if $d16 (i32.ge_u (local.get $o) (local.get $e16)))
        (local.set $r (i16x8.narrow_i32x4_s (f32x4.ne (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))) (f32x4.ne (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $q (i16x8.narrow_i32x4_s (f32x4.ne (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))) (f32x4.ne (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (v128.store (local.get $o) (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $q))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l16)))
    (block $d4
      (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $r (f32x4.ne (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (local.set $r (i16x8.narrow_i32x4_s (local.get $r) (local.get $r)))
        (local.set $r (v128.and (i8x16.narrow_i16x8_s (local.get $r) (local.get $r)) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (v128.store32_lane 0 (local.get $o) (local.get $r))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l4)))
    (br $vec))
  (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 3))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $s (f32.load (local.get $a)))
      (local.set $t (f32.load (local.get $b)))
      (block $sel (block $ne (block $eq (block $le (block $lt (block $ge (block $gt
        (br_table $gt $ge $lt $le $eq $ne (i32.sub (local.get $op) (i32.const 6))))
        (local.set $u (f32.gt (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.ge (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.lt (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.le (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.eq (local.get $s) (local.get $t))) (br $sel))
        (local.set $u (f32.ne (local.get $s) (local.get $t))))
      (i32.store8 (local.get $o) (local.get $u))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $t1))))

;; Python's modulo, x - floor(x / y) * y, in float64 lanes: the TypeScript loop's operations in its
;; order, so the same bits (the result takes the divisor's sign).
(func $remainder_f64x2 (param $x v128) (param $y v128) (result v128)
  (f64x2.sub (local.get $x) (f64x2.mul (f64x2.floor (f64x2.div (local.get $x) (local.get $y))) (local.get $y))))

;; out[i] = remainder(a[i], b[i]) for contiguous rows (binary op 13, float32 out).
(func $bin_remainder (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x v128) (local $y v128)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vd
    (loop $v4
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $x (v128.load (local.get $a)))
      (local.set $y (v128.load (local.get $b)))
      (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (call $remainder_f64x2 (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $y))))
        (f32x4.demote_f64x2_zero (call $remainder_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y)))))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $v4)))
  (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (f32.store (local.get $o) (f32.demote_f64 (f64x2.extract_lane 0 (call $remainder_f64x2
        (f64x2.splat (f64.promote_f32 (f32.load (local.get $a)))) (f64x2.splat (f64.promote_f32 (f32.load (local.get $b))))))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))
