;; Float32 unary kernels over contiguous rows ($un_row, called by the element-wise task in
;; elementwise.wat), and the float64-lane functions behind exp, expm1, log, log1p, tanh, sigmoid, logSigmoid.

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

;; e^x − 1 for two float64 lanes: below |x| = 0.5 by its series to x^14 (relative error < 1e-15; −0
;; stays −0), above as $exp_f64x2 minus 1 (the subtraction loses under two bits there).
(func $expm1_f64x2 (param $x v128) (result v128)
  (local $p v128)
  (local.set $p (v128.const f64x2 1.1470745597729725e-11 1.1470745597729725e-11))  ;; 1/14!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10)))  ;; 1/13!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09)))  ;; 1/12!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08)))  ;; 1/11!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))  ;; 1/10!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))  ;; 1/9!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))  ;; 1/8!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984)))  ;; 1/7!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.001388888888888889 0.001388888888888889)))  ;; 1/6!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.008333333333333333 0.008333333333333333)))  ;; 1/5!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.041666666666666664 0.041666666666666664)))  ;; 1/4!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))  ;; 1/3!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 0.5 0.5)))  ;; 1/2!
  (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $x)) (v128.const f64x2 1.0 1.0)))  ;; 1/1!
  (v128.bitselect (f64x2.mul (local.get $p) (local.get $x))
    (f64x2.sub (call $exp_f64x2 (local.get $x)) (v128.const f64x2 1 1))
    (f64x2.lt (f64x2.abs (local.get $x)) (v128.const f64x2 0.5 0.5))))

;; ln(1 + x) for two float64 lanes: with u = 1 + x rounded, ln u · x / (u − 1) cancels the rounding of u
;; (x itself where u = 1); ∞ gives ∞, x < −1 and NaN give NaN, −1 gives −∞.
(func $log1p_f64x2 (param $x v128) (result v128)
  (local $u v128)
  (local.set $u (f64x2.add (v128.const f64x2 1 1) (local.get $x)))
  (v128.bitselect (local.get $x)
    (f64x2.mul (call $log_f64x2 (local.get $u)) (f64x2.div (local.get $x) (f64x2.sub (local.get $u) (v128.const f64x2 1 1))))
    (v128.or (f64x2.eq (local.get $u) (v128.const f64x2 1 1)) (f64x2.eq (local.get $x) (v128.const f64x2 inf inf)))))

;; tanh x for two float64 lanes: with m = e^(2|x|) − 1, tanh |x| = m / (m + 2), the sign put back (−0
;; stays −0); past 2|x| = 90 the clamped exponential gives exactly 1.
(func $tanh_f64x2 (param $x v128) (result v128)
  (local $m v128)
  (local.set $m (call $expm1_f64x2 (f64x2.add (f64x2.abs (local.get $x)) (f64x2.abs (local.get $x)))))
  (v128.or (f64x2.div (local.get $m) (f64x2.add (local.get $m) (v128.const f64x2 2 2)))
    (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))

;; log σ(x) = −ln(1 + e^−x) for x ≥ 0, x − ln(1 + e^x) below (as the TypeScript loop), two lanes.
(func $log_sigmoid_f64x2 (param $x v128) (result v128)
  (local $l v128)
  (local.set $l (call $log1p_f64x2 (call $exp_f64x2 (f64x2.neg (f64x2.abs (local.get $x))))))
  (v128.bitselect (f64x2.neg (local.get $l)) (f64x2.sub (local.get $x) (local.get $l))
    (f64x2.ge (local.get $x) (v128.const f64x2 0 0))))

;; σ(x) = 1 / (1 + e^−x) for x ≥ 0, e^x / (1 + e^x) below (as the TypeScript loop: no overflow), two lanes.
(func $sigmoid_f64x2 (param $x v128) (result v128)
  (local $e v128)
  (local.set $e (call $exp_f64x2 (f64x2.neg (f64x2.abs (local.get $x)))))
  (f64x2.div (v128.bitselect (v128.const f64x2 1 1) (local.get $e) (f64x2.ge (local.get $x) (v128.const f64x2 0 0)))
    (f64x2.add (v128.const f64x2 1 1) (local.get $e))))

;; out[i] = op(a[i]) for a contiguous row (float32 in and out): 0 relu, 1 neg, 2 abs, 3 sqrt, 6 sign,
;; 7 reciprocal, 8 floor, 9 ceil, 10 round (half to even), 11 rsqrt (in float64, as the TypeScript loop:
;; 1 / Math.sqrt(x) rounded once), 12 exp, 13 sigmoid, 14 log, 15 tanh, 16 expm1, 17 log1p, 18 logSigmoid
;; (in float64 lanes, above). One vector loop per op; all but those in float64 lanes give the TypeScript loop's bits (relu and sign pass NaN and −0 through).
(func $un_row (param $op i32) (param $a i32) (param $o i32) (param $n i32)
  (local $e i32) (local $x v128) (local $s f32) (local $u f32)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vec
    (block $logSigmoid (block $log1p (block $expm1 (block $tanh (block $log (block $sigmoid (block $exp (block $rsqrt (block $round (block $ceil (block $floor (block $reciprocal (block $sign (block $sqrt (block $abs (block $neg (block $relu 
      (br_table $relu $neg $abs $sqrt $relu $relu $sign $reciprocal $floor $ceil $round $rsqrt $exp $sigmoid $log $tanh $expm1 $log1p $logSigmoid (local.get $op)))
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
    ;; expm1
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $expm1_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $expm1_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; log1p
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $log1p_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $log1p_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
    ;; logSigmoid
    (block $vd
      (loop $v4
        (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
        (local.set $x (v128.load (local.get $a)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (call $log_sigmoid_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
          (f32x4.demote_f64x2_zero (call $log_sigmoid_f64x2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $v4)))
    (br $vec))
  (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
  (block $td
    (loop $t1
      (br_if $td (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $s (f32.load (local.get $a)))
      (block $sel (block $logSigmoid (block $log1p (block $expm1 (block $tanh (block $log (block $sigmoid (block $exp (block $rsqrt (block $round (block $ceil (block $floor (block $reciprocal (block $sign (block $sqrt (block $abs (block $neg (block $relu 
        (br_table $relu $neg $abs $sqrt $relu $relu $sign $reciprocal $floor $ceil $round $rsqrt $exp $sigmoid $log $tanh $expm1 $log1p $logSigmoid (local.get $op)))
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
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $expm1_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $log1p_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
        (local.set $u (f32.demote_f64 (f64x2.extract_lane 0 (call $log_sigmoid_f64x2 (f64x2.splat (f64.promote_f32 (local.get $s))))))) (br $sel))
      (f32.store (local.get $o) (local.get $u))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $t1))))
