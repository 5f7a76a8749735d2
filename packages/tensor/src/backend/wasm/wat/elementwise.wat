;; Element-wise float32 kernels over a canonical broadcast form: the output is [d0, d1, d2, n] row-major,
;; each input has its own strides for those four dims (0 for a broadcast dim). A row whose inner stride
;; is not 1 is first gathered into the thread's scratch, so the op loops only see contiguous rows.
;; Results match the TypeScript loops bit for bit: +, −, ×, ÷ and sqrt of float32 values are exact
;; roundings either way, and maximum, minimum and relu select exactly as the TypeScript expressions do.
;;
;; Descriptor (i32 words): 0 kind, 1 op, 2 d0, 3 d1, 4 d2, 5 n, 6 a, 7-10 a strides, 11 b, 12-15 b strides,
;; 16 out, 17 scratch, 18 scratch bytes per thread, 19 rows per part; for where, 20 c, 21-24 c strides.
;; Binary ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum (float32 out); 6 gt, 7 ge, 8 lt, 9 le,
;; 10 eq, 11 ne (bool out, one byte); 12 where (c ? a : b, float32 out), 13 remainder, 14-19 logical ops (predicates.wat), 20 atan2 (atan2.wat), 21 pow (pow.wat).
;; Unary ops: 4 bool to float32, 5 logicalNot of bools (bytes in and out), 19 isnan, 20 isfinite (bool out), 21 sin, 22 cos, 23 erf (trig.wat, erf.wat),
;; the others float32 to float32 ($un_row, in unary.wat).

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
  (local $sa i32) (local $sb i32) (local $osize i32) (local $rpp i32) (local $inb i32)
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
  ;; bool (one-byte) results and operands (predicates.wat)
  (local.set $osize (select (i32.const 1) (i32.const 4) (call $ew_bytes_out (local.get $op) (local.get $binary))))
  (local.set $inb (call $ew_bytes_in (local.get $op) (local.get $binary)))
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
        (select (i32.const 0) (i32.const 2) (local.get $inb)))))
      (if (i32.ne (i32.load offset=40 (local.get $d)) (i32.const 1))
        (then
          (if (local.get $inb)
            (then (call $gather_bytes (local.get $pa) (i32.load offset=40 (local.get $d)) (local.get $n) (local.get $sa)))
            (else (call $gather_row (local.get $pa) (i32.load offset=40 (local.get $d)) (local.get $n) (local.get $sa))))
          (local.set $pa (local.get $sa))))
      (if (local.get $binary)
        (then
          (local.set $pb (i32.add (i32.load offset=44 (local.get $d)) (i32.shl
            (i32.add (i32.add (i32.mul (local.get $i0) (i32.load offset=48 (local.get $d))) (i32.mul (local.get $i1) (i32.load offset=52 (local.get $d))))
              (i32.mul (local.get $i2) (i32.load offset=56 (local.get $d))))
            (select (i32.const 0) (i32.const 2) (local.get $inb)))))
          (if (i32.ne (i32.load offset=60 (local.get $d)) (i32.const 1))
            (then
              (if (local.get $inb)
                (then (call $gather_bytes (local.get $pb) (i32.load offset=60 (local.get $d)) (local.get $n) (local.get $sb)))
                (else (call $gather_row (local.get $pb) (i32.load offset=60 (local.get $d)) (local.get $n) (local.get $sb))))
              (local.set $pb (local.get $sb))))
          (if (i32.eq (local.get $op) (i32.const 21))
            (then (call $pow_row (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
          (else (if (i32.eq (local.get $op) (i32.const 20))
            (then (call $atan2_row (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
          (else (if (i32.ge_u (local.get $op) (i32.const 14))
            (then (call $logic_row (local.get $op) (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
          (else (if (i32.lt_u (local.get $op) (i32.const 6))
            (then (call $bin_arith (local.get $op) (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
            (else (if (i32.eq (local.get $op) (i32.const 13))
              (then (call $bin_remainder (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
            (else (if (i32.eq (local.get $op) (i32.const 12))
              (then (call $where_row (call $cond_row (local.get $d) (local.get $i0) (local.get $i1) (local.get $i2) (local.get $n)
                  (i32.add (local.get $sb) (i32.shl (local.get $n) (i32.const 2))))
                (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))
              (else (call $bin_cmp (local.get $op) (local.get $pa) (local.get $pb) (local.get $po) (local.get $n)))))))))))))))
        (else
          (if (i32.eq (local.get $op) (i32.const 4))
            (then (call $u8_to_f32 (local.get $pa) (local.get $po) (local.get $n)))
            (else (if (i32.eq (local.get $op) (i32.const 5))
              (then (call $u8_not (local.get $pa) (local.get $po) (local.get $n)))
              (else (if (i32.ge_u (local.get $op) (i32.const 21))
                ;; sin, cos, erf: an argument the kernel does not reduce sets word 11 (unused by unary ops)
                (then (if (call $trig_row (local.get $op) (local.get $pa) (local.get $po) (local.get $n))
                  (then (i32.store offset=44 (local.get $d) (i32.const 1)))))
              (else (if (i32.ge_u (local.get $op) (i32.const 19))
                (then (call $pred_row (local.get $op) (local.get $pa) (local.get $po) (local.get $n)))
                (else (call $un_row (local.get $op) (local.get $pa) (local.get $po) (local.get $n))))))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $Lr))))

(func $task_binary (param $d i32) (param $part i32) (param $tid i32)
  (call $ew_rows (local.get $d) (local.get $part) (local.get $tid) (i32.const 1)))

(func $task_unary (param $d i32) (param $part i32) (param $tid i32)
  (call $ew_rows (local.get $d) (local.get $part) (local.get $tid) (i32.const 0)))
