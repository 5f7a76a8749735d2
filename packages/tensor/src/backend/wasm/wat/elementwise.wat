;; Element-wise float32 kernels over a canonical broadcast form: the output is [d0, d1, d2, n] row-major,
;; each input has its own strides for those four dims (0 for a broadcast dim). A row whose inner stride
;; is not 1 is first gathered into the thread's scratch, so the op loops only see contiguous rows.
;; Results match the TypeScript loops bit for bit: +, −, ×, ÷ and sqrt of float32 values are exact
;; roundings either way, and maximum, minimum and relu select exactly as the TypeScript expressions do.
;;
;; Descriptor (i32 words): 0 kind, 1 op, 2 d0, 3 d1, 4 d2, 5 n, 6 a, 7-10 a strides, 11 b, 12-15 b strides,
;; 16 out, 17 scratch, 18 scratch bytes per thread, 19 rows per part; for where, 20 c, 21-24 c strides.
;; Binary ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum (float32 out); 6 gt, 7 ge, 8 lt, 9 le,
;; 10 eq, 11 ne (bool out, one byte); 12 where (c ? a : b, float32 out). Unary ops: 4 bool to float32, 5 logicalNot of bools (bytes in
;; and out), the others float32 to float32 (see $un_row).

;; A row of n floats at stride s (elements) into dst, contiguous; stride 0 is a splat.
(func $gather_row (param $src i32) (param $s i32) (param $n i32) (param $dst i32)
  (local $e i32) (local $v v128)
  (local.set $e (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
  (if (i32.eqz (local.get $s))
    (then
      (local.set $v (v128.load32_splat (local.get $src)))
      (block $vd
        (loop $v4
          (br_if $vd (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $e)))
          (v128.store (local.get $dst) (local.get $v))
          (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
          (br $v4)))))
  (local.set $s (i32.shl (local.get $s) (i32.const 2)))
  (block $done
    (loop $one
      (br_if $done (i32.ge_u (local.get $dst) (local.get $e)))
      (f32.store (local.get $dst) (f32.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (local.get $s)))
      (br $one))))

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

;; e^x for two float64 lanes, x clamped to [−110, 90] (beyond it a float32 result is 0 or ∞; NaN stays
;; NaN): x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two parts, so n·ln2_hi is exact), e^r by its Taylor
;; series to r^11 (relative error < 1e-14), times 2^n built in the exponent bits. Rounded to float32, it
;; is Math.exp's float32 value but for a result within 1e-14 of a float32 rounding boundary.
(func $exp_f64x2 (param $x v128) (result v128)
  (local $n v128) (local $r v128) (local $p v128)
  (local.set $x (f64x2.min (f64x2.max (local.get $x) (v128.const f64x2 -110 -110)) (v128.const f64x2 90 90)))
  (local.set $n (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
  (local.set $r (f64x2.sub (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01)))
    (f64x2.mul (local.get $n) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))))
  (local.set $p (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08))  ;; 1/11!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))  ;; 1/10!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))  ;; 1/9!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))  ;; 1/8!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984)))  ;; 1/7!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.001388888888888889 0.001388888888888889)))  ;; 1/6!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.008333333333333333 0.008333333333333333)))  ;; 1/5!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.041666666666666664 0.041666666666666664)))  ;; 1/4!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))  ;; 1/3!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.5 0.5)))  ;; 1/2!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.0 1.0)))  ;; 1/1!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.0 1.0)))  ;; 1/0!
  (f64x2.mul (local.get $p)
    (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $n))) (v128.const i64x2 1023 1023)) (i32.const 52))))

;; ln x for two float64 lanes: x = 2^e · m with m in [√½, √2), ln m = 2·atanh(s) for s = (m − 1)/(m + 1)
;; (|s| < 0.172) by its series to s^17 (relative error < 1e-15), e·ln 2 in two parts; 0 gives −∞, a
;; negative x or NaN gives NaN, ∞ gives ∞. Every float32 is a normal float64, so e comes from the bits.
(func $log_f64x2 (param $x v128) (result v128)
  (local $bits v128) (local $e v128) (local $m v128) (local $c v128) (local $s v128) (local $z v128) (local $p v128) (local $r v128) (local $ef v128)
  (local.set $bits (local.get $x))
  (local.set $e (i64x2.sub (i64x2.shr_u (local.get $bits) (i32.const 52)) (v128.const i64x2 1023 1023)))
  (local.set $m (v128.or (v128.and (local.get $bits) (v128.const i64x2 0x000FFFFFFFFFFFFF 0x000FFFFFFFFFFFFF))
    (v128.const i64x2 0x3FF0000000000000 0x3FF0000000000000)))
  (local.set $c (f64x2.gt (local.get $m) (v128.const f64x2 1.4142135623730951 1.4142135623730951)))
  (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (v128.const f64x2 0.5 0.5)) (local.get $m) (local.get $c)))
  (local.set $e (i64x2.sub (local.get $e) (local.get $c)))
  (local.set $ef (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $e) (local.get $e))))
  (local.set $s (f64x2.div (f64x2.sub (local.get $m) (v128.const f64x2 1 1)) (f64x2.add (local.get $m) (v128.const f64x2 1 1))))
  (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
  (local.set $p (v128.const f64x2 0.058823529411764705 0.058823529411764705))  ;; 1/17
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.06666666666666667 0.06666666666666667)))  ;; 1/15
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.07692307692307693 0.07692307692307693)))  ;; 1/13
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.09090909090909091 0.09090909090909091)))  ;; 1/11
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.1111111111111111 0.1111111111111111)))  ;; 1/9
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.14285714285714285 0.14285714285714285)))  ;; 1/7
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.2 0.2)))  ;; 1/5
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 0.3333333333333333 0.3333333333333333)))  ;; 1/3
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) (v128.const f64x2 1.0 1.0)))  ;; 1/1
  ;; e·ln2_hi + (e·ln2_lo + 2·s·p)
  (local.set $r (f64x2.add (f64x2.mul (local.get $ef) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
    (f64x2.add (f64x2.mul (local.get $ef) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
      (f64x2.mul (f64x2.add (local.get $s) (local.get $s)) (local.get $p)))))
  (local.set $r (v128.bitselect (v128.const f64x2 -inf -inf) (local.get $r) (f64x2.eq (local.get $x) (v128.const f64x2 0 0))))
  (local.set $r (v128.bitselect (local.get $x) (local.get $r) (f64x2.eq (local.get $x) (v128.const f64x2 inf inf))))
  ;; NaN for x < 0 and for NaN (not x ≥ 0)
  (v128.bitselect (local.get $r) (v128.const f64x2 nan nan) (f64x2.ge (local.get $x) (v128.const f64x2 0 0))))

;; tanh x for two float64 lanes: with y = 2|x| and m = e^y − 1, tanh |x| = m / (m + 2), the sign put back
;; (−0 stays −0). Below y = 0.5, m comes from its series to y^14 (no cancellation: relative error < 1e-15),
;; above from $exp_f64x2 minus 1 (e^y > 1.6, so the subtraction loses under one bit); past y = 180 the
;; clamped exponential gives exactly 1.
(func $tanh_f64x2 (param $x v128) (result v128)
  (local $y v128) (local $p v128) (local $m v128)
  (local.set $y (f64x2.add (f64x2.abs (local.get $x)) (f64x2.abs (local.get $x))))
  (local.set $p (v128.const f64x2 1.1470745597729725e-11 1.1470745597729725e-11))  ;; 1/14!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10)))  ;; 1/13!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09)))  ;; 1/12!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08)))  ;; 1/11!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))  ;; 1/10!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))  ;; 1/9!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))  ;; 1/8!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984)))  ;; 1/7!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.001388888888888889 0.001388888888888889)))  ;; 1/6!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.008333333333333333 0.008333333333333333)))  ;; 1/5!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.041666666666666664 0.041666666666666664)))  ;; 1/4!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))  ;; 1/3!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 0.5 0.5)))  ;; 1/2!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $y)) (v128.const f64x2 1.0 1.0)))  ;; 1/1!
  (local.set $m (v128.bitselect (f64x2.mul (local.get $p) (local.get $y))
    (f64x2.sub (call $exp_f64x2 (local.get $y)) (v128.const f64x2 1 1))
    (f64x2.lt (local.get $y) (v128.const f64x2 0.5 0.5))))
  (v128.or (f64x2.div (local.get $m) (f64x2.add (local.get $m) (v128.const f64x2 2 2)))
    (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))

;; σ(x) = 1 / (1 + e^−x) for x ≥ 0, e^x / (1 + e^x) below (as the TypeScript loop: no overflow), two lanes.
(func $sigmoid_f64x2 (param $x v128) (result v128)
  (local $e v128)
  (local.set $e (call $exp_f64x2 (f64x2.neg (f64x2.abs (local.get $x)))))
  (f64x2.div (v128.bitselect (v128.const f64x2 1 1) (local.get $e) (f64x2.ge (local.get $x) (v128.const f64x2 0 0)))
    (f64x2.add (v128.const f64x2 1 1) (local.get $e))))

;; out[i] = op(a[i]) for a contiguous row (float32 in and out): 0 relu, 1 neg, 2 abs, 3 sqrt, 6 sign,
;; 7 reciprocal, 8 floor, 9 ceil, 10 round (half to even), 11 rsqrt (in float64, as the TypeScript loop:
;; 1 / Math.sqrt(x) rounded once), 12 exp, 13 sigmoid, 14 log, 15 tanh (in float64, see $exp_f64x2, $log_f64x2,
;; $tanh_f64x2). One vector loop per op; all but exp, sigmoid, log and tanh give the TypeScript loop's bits (relu and sign pass NaN and −0 through).
(func $un_row (param $op i32) (param $a i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x v128) (local $s f32) (local $u f32)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vec
    (block $tanh (block $log (block $sigmoid (block $exp (block $rsqrt (block $round (block $ceil (block $floor (block $reciprocal (block $sign (block $sqrt (block $abs (block $neg (block $relu 
      (br_table $relu $neg $abs $sqrt $relu $relu $sign $reciprocal $floor $ceil $round $rsqrt $exp $sigmoid $log $tanh (local.get $op)))
    ;; relu
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (v128.andnot (local.get $x) (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; neg
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.neg (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; abs
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.abs (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; sqrt
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.sqrt (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; sign
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (v128.bitselect (local.get $x) (v128.or (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)) (v128.const f32x4 1 1 1 1)) (v128.or (f32x4.eq (local.get $x) (v128.const f32x4 0 0 0 0)) (f32x4.ne (local.get $x) (local.get $x)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; reciprocal
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; floor
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.floor (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; ceil
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.ceil (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; round
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (f32x4.nearest (local.get $x)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; rsqrt
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.div (v128.const f64x2 1 1) (f64x2.sqrt (f64x2.promote_low_f32x4 (local.get $x)))))
          (f32x4.demote_f64x2_zero (f64x2.div (v128.const f64x2 1 1) (f64x2.sqrt (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; exp
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $exp_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $exp_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; sigmoid
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $sigmoid_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $sigmoid_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; log
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $log_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $log_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; tanh
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $tanh_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $tanh_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
  (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $s (f32.load (local.get $a)))
      (block $sel (block $tanh (block $log (block $sigmoid (block $exp (block $rsqrt (block $round (block $ceil (block $floor (block $reciprocal (block $sign (block $sqrt (block $abs (block $neg (block $relu 
        (br_table $relu $neg $abs $sqrt $relu $relu $sign $reciprocal $floor $ceil $round $rsqrt $exp $sigmoid $log $tanh (local.get $op)))
        (local.set $u (select (f32.const 0) (local.get $s) (f32.lt (local.get $s) (f32.const 0)))) (br $sel))
        (local.set $u (f32.neg (local.get $s))) (br $sel))
        (local.set $u (f32.abs (local.get $s))) (br $sel))
        (local.set $u (f32.sqrt (local.get $s))) (br $sel))
        (local.set $u (select (local.get $s) (f32.copysign (f32.const 1) (local.get $s)) (i32.or (f32.eq (local.get $s) (f32.const 0)) (f32.ne (local.get $s) (local.get $s))))) (br $sel))
        (local.set $u (f32.div (f32.const 1) (local.get $s))) (br $sel))
        (local.set $u (f32.floor (local.get $s))) (br $sel))
        (local.set $u (f32.ceil (local.get $s))) (br $sel))
        (local.set $u (f32.nearest (local.get $s))) (br $sel))
        (local.set $u (f32.demote_f64 (f64.div (f64.const 1) (f64.sqrt (f64.promote_f32 (local.get $s)))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $exp_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $sigmoid_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $log_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $tanh_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
      (f32.store (local.get $o) (local.get $u))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))

;; out[i] = float32(a[i]) for a row of n bytes (bool to float32).
(func $u8_to_f32 (param $a i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x v128) (local $h v128)
  (local.set $e (i32.add (local.get $a) (i32.and (local.get $n) (i32.const -16))))
  (block $vd
    (loop $v16
      (br_if $vd (i32.ge_u (local.get $a) (local.get $e)))
      (local.set $x (v128.load (local.get $a)))
      (local.set $h (i16x8.extend_low_i8x16_u (local.get $x)))
      (v128.store (local.get $o) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $h))))
      (v128.store offset=16 (local.get $o) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $h))))
      (local.set $h (i16x8.extend_high_i8x16_u (local.get $x)))
      (v128.store offset=32 (local.get $o) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $h))))
      (v128.store offset=48 (local.get $o) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $h))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 64)))
      (br $v16)))
  (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 15))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $a) (local.get $e)))
      (f32.store (local.get $o) (f32.convert_i32_u (i32.load8_u (local.get $a))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))

;; out[i] = a[i] == 0 for a row of n bytes (logicalNot of bools; relu's gradient mask).
(func $u8_not (param $a i32) (param $o i32) (param $n i32)
  (local $e i32)
  (local.set $e (i32.add (local.get $a) (i32.and (local.get $n) (i32.const -16))))
  (block $vd
    (loop $v16
      (br_if $vd (i32.ge_u (local.get $a) (local.get $e)))
      (v128.store (local.get $o) (v128.and (i8x16.eq (v128.load (local.get $a)) (v128.const i32x4 0 0 0 0))
        (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $v16)))
  (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 15))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $a) (local.get $e)))
      (i32.store8 (local.get $o) (i32.eqz (i32.load8_u (local.get $a))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $t1))))

;; where (binary op 12): the condition is a third operand of bool bytes, descriptor words 20 c, 21-24
;; its strides. The address of row (i0, i1, i2) of c, its bytes gathered into dst when not contiguous.
(func $cond_row (param $d i32) (param $i0 i32) (param $i1 i32) (param $i2 i32) (param $n i32) (param $dst i32) (result i32)
  (local $p i32) (local $s i32) (local $e i32) (local $v i32)
  (local.set $p (i32.add (i32.load offset=80 (local.get $d))
    (i32.add (i32.add (i32.mul (local.get $i0) (i32.load offset=84 (local.get $d))) (i32.mul (local.get $i1) (i32.load offset=88 (local.get $d))))
      (i32.mul (local.get $i2) (i32.load offset=92 (local.get $d))))))
  (local.set $s (i32.load offset=96 (local.get $d)))
  (if (i32.eq (local.get $s) (i32.const 1)) (then (return (local.get $p))))
  (local.set $e (i32.add (local.get $dst) (local.get $n)))
  (local.set $v (local.get $dst))
  (block $done
    (loop $one
      (br_if $done (i32.ge_u (local.get $v) (local.get $e)))
      (i32.store8 (local.get $v) (i32.load8_u (local.get $p)))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (local.get $s)))
      (br $one)))
  (local.get $dst))

;; out[i] = c[i] ? a[i] : b[i] for contiguous rows (c bytes, non-zero is true; a, b, out float32).
(func $where_row (param $c i32) (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32) (local $m v128)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vd
    (loop $v4
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $m (i32x4.ne (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $c))))
        (v128.const i32x4 0 0 0 0)))
      (v128.store (local.get $o) (v128.bitselect (v128.load (local.get $a)) (v128.load (local.get $b)) (local.get $m)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $v4)))
  (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (f32.store (local.get $o) (select (f32.load (local.get $a)) (f32.load (local.get $b)) (i32.load8_u (local.get $c))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))

;; Rows [part·rpp, …) of an element-wise task: kind 7 binary, 8 unary (a only; ops 4 and 5 read bytes).
(func $ew_rows (param $d i32) (param $part i32) (param $tid i32) (param $binary i32)
  (local $op i32) (local $d1 i32) (local $d2 i32) (local $n i32) (local $r i32) (local $r1 i32) (local $rows i32)
  (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $pa i32) (local $pb i32) (local $po i32)
  (local $sa i32) (local $sb i32) (local $osize i32) (local $rpp i32)
  (local.set $op (i32.load offset=4 (local.get $d)))
  (local.set $d1 (i32.load offset=12 (local.get $d)))
  (local.set $d2 (i32.load offset=16 (local.get $d)))
  (local.set $n (i32.load offset=20 (local.get $d)))
  (local.set $rows (i32.mul (i32.mul (i32.load offset=8 (local.get $d)) (local.get $d1)) (local.get $d2)))
  (local.set $rpp (i32.load offset=76 (local.get $d)))
  (local.set $r (i32.mul (local.get $part) (local.get $rpp)))
  (local.set $r1 (i32.add (local.get $r) (local.get $rpp)))
  (if (i32.gt_s (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
  (local.set $sa (i32.add (i32.load offset=68 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=72 (local.get $d)))))
  (local.set $sb (i32.add (local.get $sa) (i32.shl (local.get $n) (i32.const 2))))
  ;; bool (one-byte) results: comparisons, and unary op 5
  (local.set $osize (select (i32.const 1) (i32.const 4) (select (i32.and (i32.ge_u (local.get $op) (i32.const 6)) (i32.lt_u (local.get $op) (i32.const 12)))
    (i32.eq (local.get $op) (i32.const 5)) (local.get $binary))))
  (block $done
    (loop $Lr
      (br_if $done (i32.ge_s (local.get $r) (local.get $r1)))
      (local.set $i2 (i32.rem_u (local.get $r) (local.get $d2)))
      (local.set $i1 (i32.rem_u (i32.div_u (local.get $r) (local.get $d2)) (local.get $d1)))
      (local.set $i0 (i32.div_u (local.get $r) (i32.mul (local.get $d1) (local.get $d2))))
      (local.set $po (i32.add (i32.load offset=64 (local.get $d)) (i32.mul (i32.mul (local.get $r) (local.get $n)) (local.get $osize))))
      (local.set $pa (i32.add (i32.load offset=24 (local.get $d)) (i32.shl
        (i32.add (i32.add (i32.mul (local.get $i0) (i32.load offset=28 (local.get $d))) (i32.mul (local.get $i1) (i32.load offset=32 (local.get $d))))
          (i32.mul (local.get $i2) (i32.load offset=36 (local.get $d))))
        (select (i32.const 0) (i32.const 2) (i32.and (i32.eqz (local.get $binary)) (i32.eq (i32.and (local.get $op) (i32.const -2)) (i32.const 4)))))))
      (if (i32.ne (i32.load offset=40 (local.get $d)) (i32.const 1))
        (then
          (call $gather_row (local.get $pa) (i32.load offset=40 (local.get $d)) (local.get $n) (local.get $sa))
          (local.set $pa (local.get $sa))))
      (if (local.get $binary)
        (then
          (local.set $pb (i32.add (i32.load offset=44 (local.get $d)) (i32.shl
            (i32.add (i32.add (i32.mul (local.get $i0) (i32.load offset=48 (local.get $d))) (i32.mul (local.get $i1) (i32.load offset=52 (local.get $d))))
              (i32.mul (local.get $i2) (i32.load offset=56 (local.get $d))))
            (i32.const 2))))
          (if (i32.ne (i32.load offset=60 (local.get $d)) (i32.const 1))
            (then
              (call $gather_row (local.get $pb) (i32.load offset=60 (local.get $d)) (local.get $n) (local.get $sb))
              (local.set $pb (local.get $sb))))
          (if (i32.lt_u (local.get $op) (i32.const 6))
            (then (call $bin_arith (local.get $op) (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
            (else (if (i32.eq (local.get $op) (i32.const 12))
              (then (call $where_row (call $cond_row (local.get $d) (local.get $i0) (local.get $i1) (local.get $i2) (local.get $n)
                  (i32.add (local.get $sb) (i32.shl (local.get $n) (i32.const 2))))
                (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
              (else (call $bin_cmp (local.get $op) (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))))))
        (else
          (if (i32.eq (local.get $op) (i32.const 4))
            (then (call $u8_to_f32 (local.get $pa) (local.get $po) (local.get $n)))
            (else (if (i32.eq (local.get $op) (i32.const 5))
              (then (call $u8_not (local.get $pa) (local.get $po) (local.get $n)))
              (else (call $un_row (local.get $op) (local.get $pa) (local.get $po) (local.get $n))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $Lr))))

(func $task_binary (param $d i32) (param $part i32) (param $tid i32)
  (call $ew_rows (local.get $d) (local.get $part) (local.get $tid) (i32.const 1)))

(func $task_unary (param $d i32) (param $part i32) (param $tid i32)
  (call $ew_rows (local.get $d) (local.get $part) (local.get $tid) (i32.const 0)))
