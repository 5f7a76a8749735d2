;; atan2 (binary op 20) of float32 rows in float64 lanes, fdlibm's (as V8's Math.atan2): t = atan(|y|/|x|)
;; (the quotient of float32 values never overflows nor underflows in float64) by fdlibm's reduction to
;; |r| < 7/16 about atan 0.5, 1, 1.5 and ∞ and its polynomial, π − t for x of negative sign (−0 included),
;; then y's sign; y = ±0 with x = ±0 and ±∞ with ±∞ are taken apart as the standard sets them. Rounded
;; once to float32: Math.atan2's float32 value but where it lies within about 1e−15 of a rounding boundary.

(func $f64x2_splat_sel (param $m3 v128) (param $m2 v128) (param $m1 v128) (param $m0 v128) (param $v3 f64) (param $v2 f64) (param $v1 f64) (param $v0 f64) (param $else f64) (result v128)
  (v128.bitselect (f64x2.splat (local.get $v3)) (v128.bitselect (f64x2.splat (local.get $v2)) (v128.bitselect (f64x2.splat (local.get $v1))
    (v128.bitselect (f64x2.splat (local.get $v0)) (f64x2.splat (local.get $else)) (local.get $m0)) (local.get $m1)) (local.get $m2)) (local.get $m3)))

(func $atan2_f64x2 (param $y v128) (param $x v128) (result v128)
  (local $a v128) (local $m3 v128) (local $m2 v128) (local $m1 v128) (local $m0 v128) (local $num v128) (local $den v128)
  (local $r v128) (local $z v128) (local $w v128) (local $s1 v128) (local $s2 v128) (local $t v128) (local $xneg v128) (local $sign v128)
  (local.set $a (f64x2.div (f64x2.abs (local.get $y)) (f64x2.abs (local.get $x))))
  (local.set $m3 (f64x2.ge (local.get $a) (v128.const f64x2 2.4375 2.4375)))
  (local.set $m2 (f64x2.ge (local.get $a) (v128.const f64x2 1.1875 1.1875)))
  (local.set $m1 (f64x2.ge (local.get $a) (v128.const f64x2 0.6875 0.6875)))
  (local.set $m0 (f64x2.ge (local.get $a) (v128.const f64x2 0.4375 0.4375)))
  ;; r = num / den: −1/a, (a − 1.5)/(1 + 1.5a), (a − 1)/(a + 1), (2a − 1)/(2 + a), or a itself
  (local.set $num (v128.bitselect (v128.const f64x2 -1 -1) (v128.bitselect (f64x2.sub (local.get $a) (v128.const f64x2 1.5 1.5))
    (v128.bitselect (f64x2.sub (local.get $a) (v128.const f64x2 1 1))
      (v128.bitselect (f64x2.sub (f64x2.mul (v128.const f64x2 2 2) (local.get $a)) (v128.const f64x2 1 1)) (local.get $a) (local.get $m0))
      (local.get $m1)) (local.get $m2)) (local.get $m3)))
  (local.set $den (v128.bitselect (local.get $a) (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (v128.const f64x2 1.5 1.5) (local.get $a)))
    (v128.bitselect (f64x2.add (local.get $a) (v128.const f64x2 1 1))
      (v128.bitselect (f64x2.add (v128.const f64x2 2 2) (local.get $a)) (v128.const f64x2 1 1) (local.get $m0))
      (local.get $m1)) (local.get $m2)) (local.get $m3)))
  (local.set $r (f64x2.div (local.get $num) (local.get $den)))
  (local.set $z (f64x2.mul (local.get $r) (local.get $r)))
  (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
  (local.set $s1 (f64x2.add (v128.const f64x2 4.97687799461593236017e-02 4.97687799461593236017e-02) (f64x2.mul (local.get $w) (v128.const f64x2 1.62858201153657823623e-02 1.62858201153657823623e-02))))
  (local.set $s1 (f64x2.add (v128.const f64x2 6.66107313738753120669e-02 6.66107313738753120669e-02) (f64x2.mul (local.get $w) (local.get $s1))))
  (local.set $s1 (f64x2.add (v128.const f64x2 9.09088713343650656196e-02 9.09088713343650656196e-02) (f64x2.mul (local.get $w) (local.get $s1))))
  (local.set $s1 (f64x2.add (v128.const f64x2 1.42857142725034663711e-01 1.42857142725034663711e-01) (f64x2.mul (local.get $w) (local.get $s1))))
  (local.set $s1 (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 3.33333333333329318027e-01 3.33333333333329318027e-01) (f64x2.mul (local.get $w) (local.get $s1)))))
  (local.set $s2 (f64x2.add (v128.const f64x2 -5.83357013379057348645e-02 -5.83357013379057348645e-02) (f64x2.mul (local.get $w) (v128.const f64x2 -3.65315727442169155270e-02 -3.65315727442169155270e-02))))
  (local.set $s2 (f64x2.add (v128.const f64x2 -7.69187620504482999495e-02 -7.69187620504482999495e-02) (f64x2.mul (local.get $w) (local.get $s2))))
  (local.set $s2 (f64x2.add (v128.const f64x2 -1.11111104054623557880e-01 -1.11111104054623557880e-01) (f64x2.mul (local.get $w) (local.get $s2))))
  (local.set $s2 (f64x2.mul (local.get $w) (f64x2.add (v128.const f64x2 -1.99999999998764832476e-01 -1.99999999998764832476e-01) (f64x2.mul (local.get $w) (local.get $s2)))))
  ;; t = hi − ((r·(s1 + s2) − lo) − r) with atan's value at the reduction point in two parts
  (local.set $t (f64x2.sub
    (call $f64x2_splat_sel (local.get $m3) (local.get $m2) (local.get $m1) (local.get $m0)
      (f64.const 1.57079632679489655800e+00) (f64.const 9.82793723247329054082e-01) (f64.const 7.85398163397448278999e-01) (f64.const 4.63647609000806093515e-01) (f64.const 0))
    (f64x2.sub (f64x2.sub (f64x2.mul (local.get $r) (f64x2.add (local.get $s1) (local.get $s2)))
      (call $f64x2_splat_sel (local.get $m3) (local.get $m2) (local.get $m1) (local.get $m0)
        (f64.const 6.12323399573676603587e-17) (f64.const 1.39033110312309984516e-17) (f64.const 3.06161699786838301793e-17) (f64.const 2.26987774529616870924e-17) (f64.const 0)))
      (local.get $r))))
  ;; x of negative sign: π − t, as fdlibm's π − (t − π_lo)
  (local.set $xneg (i64x2.lt_s (local.get $x) (v128.const i64x2 0 0)))
  (local.set $t (v128.bitselect
    (f64x2.sub (v128.const f64x2 3.1415926535897931160e+00 3.1415926535897931160e+00) (f64x2.sub (local.get $t) (v128.const f64x2 1.2246467991473531772e-16 1.2246467991473531772e-16)))
    (local.get $t) (local.get $xneg)))
  ;; both zero: 0 or π; both infinite: π/4 or 3π/4
  (local.set $t (v128.bitselect
    (v128.bitselect (v128.const f64x2 3.141592653589793 3.141592653589793) (v128.const f64x2 0 0) (local.get $xneg))
    (local.get $t) (v128.and (f64x2.eq (local.get $y) (v128.const f64x2 0 0)) (f64x2.eq (local.get $x) (v128.const f64x2 0 0)))))
  (local.set $t (v128.bitselect
    (v128.bitselect (v128.const f64x2 2.356194490192345 2.356194490192345) (v128.const f64x2 0.7853981633974483 0.7853981633974483) (local.get $xneg))
    (local.get $t) (v128.and (f64x2.eq (f64x2.abs (local.get $y)) (v128.const f64x2 inf inf)) (f64x2.eq (f64x2.abs (local.get $x)) (v128.const f64x2 inf inf)))))
  ;; y's sign (a NaN stays NaN)
  (local.set $sign (v128.and (local.get $y) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
  (v128.or (v128.andnot (local.get $t) (v128.const i64x2 0x8000000000000000 0x8000000000000000)) (local.get $sign)))

;; out[i] = atan2(a[i], b[i]) for contiguous float32 rows.
(func $atan2_row (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
  (block $vd
    (loop $v2
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (call $atan2_f64x2
        (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $b))))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $v2)))
  (if (i32.and (local.get $n) (i32.const 1))
    (then (f32.store (local.get $o) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $atan2_f64x2
      (f64x2.splat (f64.promote_f32 (f32.load (local.get $a)))) (f64x2.splat (f64.promote_f32 (f32.load (local.get $b)))))))))))
