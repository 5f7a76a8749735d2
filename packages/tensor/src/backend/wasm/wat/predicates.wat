;; Bool-valued element-wise kernels over contiguous rows, called by the element-wise task ($ew_rows):
;; unary 19 isnan, 20 isfinite (float32 in); binary 14 logicalAnd, 15 logicalOr, 16 logicalXor of float32
;; operands and 17, 18, 19 the same of bool (byte) operands. Truth is "non-zero" (NaN and −0 as the
;; TypeScript loops take them: NaN is true, −0 is false). Exact, so the TypeScript loops' bits.

;; Whether an op reads bytes (bool operands): unary 4 and 5, binary 17 to 19.
(func $ew_bytes_in (param $op i32) (param $binary i32) (result i32)
  (select (i32.lt_u (i32.sub (local.get $op) (i32.const 17)) (i32.const 3))
    (i32.lt_u (i32.sub (local.get $op) (i32.const 4)) (i32.const 2)) (local.get $binary)))

;; Whether an op writes bytes (bool results): binary 6 to 11 and 14 to 19, unary 5, 19 and 20.
(func $ew_bytes_out (param $op i32) (param $binary i32) (result i32)
  (if (result i32) (local.get $binary)
    (then (i32.or (i32.lt_u (i32.sub (local.get $op) (i32.const 6)) (i32.const 6))
      (i32.lt_u (i32.sub (local.get $op) (i32.const 14)) (i32.const 6))))
    (else (i32.or (i32.eq (local.get $op) (i32.const 5)) (i32.lt_u (i32.sub (local.get $op) (i32.const 19)) (i32.const 2))))))

;; A row of n bytes at stride s into dst, contiguous (stride 0 repeats one byte).
(func $gather_bytes (param $src i32) (param $s i32) (param $n i32) (param $dst i32)
  (local $e i32)
  (local.set $e (i32.add (local.get $dst) (local.get $n)))
  (block $done
    (loop $one
      (br_if $done (i32.ge_u (local.get $dst) (local.get $e)))
      (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
      (local.set $src (i32.add (local.get $src) (local.get $s)))
      (br $one))))

;; Four i32x4 lane masks (all ones or zero) narrowed to 16 bytes of 0 or 1.
(func $masks_to_bytes (param $m0 v128) (param $m1 v128) (param $m2 v128) (param $m3 v128) (result v128)
  (v128.and (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s (local.get $m0) (local.get $m1)) (i16x8.narrow_i32x4_s (local.get $m2) (local.get $m3)))
    (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))

;; out[i] = pred(a[i]) (one byte) for a row of n floats.
(func $pred_row (param $op i32) (param $a i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x f32) (local $lim v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
  (local.set $e (i32.add (local.get $o) (i32.and (local.get $n) (i32.const -16))))
  ;; the op is tested per 16 values, not per lane (one call, to narrow the masks, per 16)
  (local.set $lim (v128.const f32x4 inf inf inf inf))
  (block $vd
    (loop $v16
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $x0 (f32x4.abs (v128.load (local.get $a))))
      (local.set $x1 (f32x4.abs (v128.load offset=16 (local.get $a))))
      (local.set $x2 (f32x4.abs (v128.load offset=32 (local.get $a))))
      (local.set $x3 (f32x4.abs (v128.load offset=48 (local.get $a))))
      (if (i32.eq (local.get $op) (i32.const 19))
        (then (v128.store (local.get $o) (call $masks_to_bytes
          (f32x4.ne (local.get $x0) (local.get $x0)) (f32x4.ne (local.get $x1) (local.get $x1))
          (f32x4.ne (local.get $x2) (local.get $x2)) (f32x4.ne (local.get $x3) (local.get $x3)))))
        (else (v128.store (local.get $o) (call $masks_to_bytes
          (f32x4.lt (local.get $x0) (local.get $lim)) (f32x4.lt (local.get $x1) (local.get $lim))
          (f32x4.lt (local.get $x2) (local.get $lim)) (f32x4.lt (local.get $x3) (local.get $lim))))))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $v16)))
  (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 15))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $x (f32.load (local.get $a)))
      (i32.store8 (local.get $o) (select (f32.ne (local.get $x) (local.get $x)) (f32.lt (f32.abs (local.get $x)) (f32.const inf))
        (i32.eq (local.get $op) (i32.const 19))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $t1))))

;; Combines two truth masks: op 0 and, 1 or, 2 xor (the logical op code minus 14, or minus 17).
(func $logic (param $op i32) (param $x v128) (param $y v128) (result v128)
  (if (result v128) (i32.eqz (local.get $op))
    (then (v128.and (local.get $x) (local.get $y)))
    (else (if (result v128) (i32.eq (local.get $op) (i32.const 1))
      (then (v128.or (local.get $x) (local.get $y)))
      (else (v128.xor (local.get $x) (local.get $y)))))))

;; out[i] = a[i] op b[i] for the logical ops 14 to 19 over contiguous rows (float32 or byte operands).
(func $logic_row (param $op i32) (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32) (local $k i32) (local $x i32) (local $yb i32) (local $zero v128)
  (local $isAnd v128) (local $isOr v128) (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $y v128)
  (if (i32.ge_u (local.get $op) (i32.const 17))
    (then
      (local.set $k (i32.sub (local.get $op) (i32.const 17)))
      (local.set $e (i32.add (local.get $o) (i32.and (local.get $n) (i32.const -16))))
      (block $bd
        (loop $b16
          (br_if $bd (i32.ge_u (local.get $o) (local.get $e)))
          (v128.store (local.get $o) (v128.and
            (call $logic (local.get $k) (i8x16.ne (v128.load (local.get $a)) (local.get $zero)) (i8x16.ne (v128.load (local.get $b)) (local.get $zero)))
            (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br $b16)))
      (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 15))))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
          (local.set $x (i32.ne (i32.load8_u (local.get $a)) (i32.const 0)))
          (local.set $yb (i32.ne (i32.load8_u (local.get $b)) (i32.const 0)))
          (i32.store8 (local.get $o) (if (result i32) (i32.eqz (local.get $k)) (then (i32.and (local.get $x) (local.get $yb)))
            (else (if (result i32) (i32.eq (local.get $k) (i32.const 1)) (then (i32.or (local.get $x) (local.get $yb))) (else (i32.xor (local.get $x) (local.get $yb)))))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (br $t1)))
      (return)))
  (local.set $k (i32.sub (local.get $op) (i32.const 14)))
  ;; and: x ∧ y, or: x ∨ y, xor: x ⊕ y of the lane masks, chosen by two all-or-nothing masks (no call per vector)
  (local.set $isAnd (i32x4.splat (i32.sub (i32.const 0) (i32.eqz (local.get $k)))))
  (local.set $isOr (i32x4.splat (i32.sub (i32.const 0) (i32.eq (local.get $k) (i32.const 1)))))
  (local.set $e (i32.add (local.get $o) (i32.and (local.get $n) (i32.const -16))))
  (block $vd
    (loop $v16
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $m0 (f32x4.ne (v128.load (local.get $a)) (local.get $zero)))
      (local.set $y (f32x4.ne (v128.load (local.get $b)) (local.get $zero)))
      (local.set $m0 (v128.bitselect (v128.and (local.get $m0) (local.get $y)) (v128.bitselect (v128.or (local.get $m0) (local.get $y)) (v128.xor (local.get $m0) (local.get $y)) (local.get $isOr)) (local.get $isAnd)))
      (local.set $m1 (f32x4.ne (v128.load offset=16 (local.get $a)) (local.get $zero)))
      (local.set $y (f32x4.ne (v128.load offset=16 (local.get $b)) (local.get $zero)))
      (local.set $m1 (v128.bitselect (v128.and (local.get $m1) (local.get $y)) (v128.bitselect (v128.or (local.get $m1) (local.get $y)) (v128.xor (local.get $m1) (local.get $y)) (local.get $isOr)) (local.get $isAnd)))
      (local.set $m2 (f32x4.ne (v128.load offset=32 (local.get $a)) (local.get $zero)))
      (local.set $y (f32x4.ne (v128.load offset=32 (local.get $b)) (local.get $zero)))
      (local.set $m2 (v128.bitselect (v128.and (local.get $m2) (local.get $y)) (v128.bitselect (v128.or (local.get $m2) (local.get $y)) (v128.xor (local.get $m2) (local.get $y)) (local.get $isOr)) (local.get $isAnd)))
      (local.set $m3 (f32x4.ne (v128.load offset=48 (local.get $a)) (local.get $zero)))
      (local.set $y (f32x4.ne (v128.load offset=48 (local.get $b)) (local.get $zero)))
      (local.set $m3 (v128.bitselect (v128.and (local.get $m3) (local.get $y)) (v128.bitselect (v128.or (local.get $m3) (local.get $y)) (v128.xor (local.get $m3) (local.get $y)) (local.get $isOr)) (local.get $isAnd)))
      (v128.store (local.get $o) (call $masks_to_bytes (local.get $m0) (local.get $m1) (local.get $m2) (local.get $m3)))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      (local.set $b (i32.add (local.get $b) (i32.const 64)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $v16)))
  (local.set $e (i32.add (local.get $e) (i32.and (local.get $n) (i32.const 15))))
  (block $td2
    (loop $t2
      (br_if $td2 (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $x (f32.ne (f32.load (local.get $a)) (f32.const 0)))
      (local.set $yb (f32.ne (f32.load (local.get $b)) (f32.const 0)))
      (i32.store8 (local.get $o) (if (result i32) (i32.eqz (local.get $k)) (then (i32.and (local.get $x) (local.get $yb)))
        (else (if (result i32) (i32.eq (local.get $k) (i32.const 1)) (then (i32.or (local.get $x) (local.get $yb))) (else (i32.xor (local.get $x) (local.get $yb)))))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $t2))))
