;; pow (binary op 21) of float32 rows in float64 lanes: |x|^y = e^(y·ln|x|) ($log_f64x2, $exp_f64x2 of
;; unary.wat; |y·ln|x|| stays below 110 wherever the float32 result is neither 0 nor ∞, so the error is
;; below about 2e-13 relative), y = 2 as x·x (exact in float64), then the standard's cases as Math.pow
;; takes them: y = ±0 gives 1, a NaN gives NaN (1^NaN included), |x| = 1 with y = ±∞ NaN, a negative x
;; (−0 and −∞ included) the sign of an odd integer y, and a finite negative x with a finite non-integer y
;; NaN. Rounded once to float32: Math.pow's float32 value but within about 2e-13 of a rounding boundary.
(func $pow_f64x2 (param $x v128) (param $y v128) (result v128)
  (local $m v128) (local $int v128) (local $odd v128) (local $neg v128)
  (local.set $m (call $exp_f64x2 (f64x2.mul (local.get $y) (call $log_f64x2 (f64x2.abs (local.get $x))))))
  (local.set $m (v128.bitselect (f64x2.mul (local.get $x) (local.get $x)) (local.get $m) (f64x2.eq (local.get $y) (v128.const f64x2 2 2))))
  (local.set $int (f64x2.eq (f64x2.nearest (local.get $y)) (local.get $y)))
  ;; odd: y - 2 floor(y / 2) = 1 (false for infinities and for every float beyond 2^53)
  (local.set $odd (f64x2.eq (f64x2.sub (local.get $y) (f64x2.mul (v128.const f64x2 2 2) (f64x2.floor (f64x2.mul (local.get $y) (v128.const f64x2 0.5 0.5)))))
    (v128.const f64x2 1 1)))
  (local.set $neg (i64x2.lt_s (local.get $x) (v128.const i64x2 0 0)))
  (local.set $m (v128.or (local.get $m) (v128.and (v128.and (local.get $neg) (local.get $odd)) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
  ;; a finite negative x (not −0) with a finite non-integer y: NaN
  (local.set $m (v128.bitselect (v128.const f64x2 nan nan) (local.get $m)
    (v128.and (v128.and (f64x2.lt (local.get $x) (v128.const f64x2 0 0)) (f64x2.gt (local.get $x) (v128.const f64x2 -inf -inf)))
      (v128.andnot (f64x2.lt (f64x2.abs (local.get $y)) (v128.const f64x2 inf inf)) (local.get $int)))))
  ;; y = ±0: 1, whatever x is (NaN included)
  (v128.bitselect (v128.const f64x2 1 1) (local.get $m) (f64x2.eq (local.get $y) (v128.const f64x2 0 0))))

;; out[i] = pow(a[i], b[i]) for contiguous float32 rows.
(func $pow_row (param $a i32) (param $b i32) (param $o i32) (param $n i32)
  (local $e i32)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
  (block $vd
    (loop $v2
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (call $pow_f64x2
        (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $b))))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $v2)))
  (if (i32.and (local.get $n) (i32.const 1))
    (then (f32.store (local.get $o) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $pow_f64x2
      (f64x2.splat (f64.promote_f32 (f32.load (local.get $a)))) (f64x2.splat (f64.promote_f32 (f32.load (local.get $b)))))))))))
