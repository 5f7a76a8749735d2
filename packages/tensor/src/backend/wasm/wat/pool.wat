;; 2-D pooling over NCHW planes; one task part is a run of planes. Averages accumulate in f64 and
;; round once, in the same order as the TypeScript kernels, so both give the same bits.
;;
;; Pool descriptor (i32 words): 0 kind, 1 planes, 2 H, 3 W, 4 Ho, 5 Wo, 6 kh, 7 kw, 8 sh, 9 sw, 10 ph,
;; 11 pw, 12 dh, 13 dw, 14 in, 15 out, 16 indices (max) or divisor mode (avg: 0 override, 1 count the
;; padding, 2 only the input), 17 planes per part, 18 divisor override.

(func $pool_range (param $d i32) (param $part i32) (result i32 i32)
  (local $per i32) (local $p0 i32) (local $p1 i32)
  (local.set $per (i32.load offset=68 (local.get $d)))
  (local.set $p0 (i32.mul (local.get $part) (local.get $per)))
  (local.set $p1 (i32.add (local.get $p0) (local.get $per)))
  (if (i32.gt_s (local.get $p1) (i32.load offset=4 (local.get $d))) (then (local.set $p1 (i32.load offset=4 (local.get $d)))))
  (local.get $p0) (local.get $p1))

(func $task_max_pool (param $d i32) (param $part i32) (param $tid i32)
  (local $p i32) (local $p1 i32) (local $H i32) (local $W i32) (local $Ho i32) (local $Wo i32) (local $kh i32) (local $kw i32)
  (local $sh i32) (local $sw i32) (local $ph i32) (local $pw i32) (local $dh i32) (local $dw i32)
  (local $x i32) (local $out i32) (local $idx i32) (local $plane i32) (local $oy i32) (local $ox i32) (local $i i32) (local $j i32)
  (local $y i32) (local $xx i32) (local $v f32) (local $best f32) (local $bi i32) (local $o i32)
  (call $pool_range (local.get $d) (local.get $part))
  (local.set $p1)
  (local.set $p)
  (if (i32.ge_s (local.get $p) (local.get $p1)) (then (return)))
  (local.set $H (i32.load offset=8 (local.get $d))) (local.set $W (i32.load offset=12 (local.get $d)))
  (local.set $Ho (i32.load offset=16 (local.get $d))) (local.set $Wo (i32.load offset=20 (local.get $d)))
  (local.set $kh (i32.load offset=24 (local.get $d))) (local.set $kw (i32.load offset=28 (local.get $d)))
  (local.set $sh (i32.load offset=32 (local.get $d))) (local.set $sw (i32.load offset=36 (local.get $d)))
  (local.set $ph (i32.load offset=40 (local.get $d))) (local.set $pw (i32.load offset=44 (local.get $d)))
  (local.set $dh (i32.load offset=48 (local.get $d))) (local.set $dw (i32.load offset=52 (local.get $d)))
  (local.set $x (i32.load offset=56 (local.get $d)))
  (if (i32.and
        (i32.and (i32.eq (i32.or (i32.or (local.get $ph) (local.get $pw)) (i32.xor (i32.or (local.get $dh) (local.get $dw)) (i32.const 1))) (i32.const 0))
          (i32.and (i32.eq (local.get $kh) (i32.const 2)) (i32.eq (local.get $kw) (i32.const 2))))
        (i32.and (i32.and (i32.eq (local.get $sh) (i32.const 2)) (i32.eq (local.get $sw) (i32.const 2)))
          (i32.and (i32.le_s (i32.shl (local.get $Ho) (i32.const 1)) (local.get $H)) (i32.le_s (i32.shl (local.get $Wo) (i32.const 1)) (local.get $W)))))
    (then (call $max_pool_2x2 (local.get $d) (local.get $p) (local.get $p1)) (return)))
  (local.set $o (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $Ho)) (local.get $Wo)) (i32.const 2)))
  (local.set $out (i32.add (i32.load offset=60 (local.get $d)) (local.get $o)))
  (local.set $idx (i32.add (i32.load offset=64 (local.get $d)) (local.get $o)))
  (loop $Lp
    (local.set $plane (i32.add (local.get $x) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $H)) (local.get $W)) (i32.const 2))))
    (local.set $oy (i32.const 0))
    (loop $Loy
      (local.set $ox (i32.const 0))
      (loop $Lox
        (local.set $best (f32.const -inf))
        (local.set $bi (i32.const -1))
        ;; the first maximum wins; the first NaN wins over everything (as argmax does)
        (block $scan
          (local.set $i (i32.const 0))
          (loop $Li
            (local.set $y (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $ph)) (i32.mul (local.get $i) (local.get $dh))))
            (if (i32.lt_u (local.get $y) (local.get $H))
              (then
                (local.set $j (i32.const 0))
                (loop $Lj
                  (local.set $xx (i32.add (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $pw)) (i32.mul (local.get $j) (local.get $dw))))
                  (if (i32.lt_u (local.get $xx) (local.get $W))
                    (then
                      (local.set $v (f32.load (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $W)) (local.get $xx)) (i32.const 2)))))
                      (if (i32.or (i32.or (f32.gt (local.get $v) (local.get $best)) (f32.ne (local.get $v) (local.get $v))) (i32.lt_s (local.get $bi) (i32.const 0)))
                        (then
                          (local.set $best (local.get $v))
                          (local.set $bi (i32.add (i32.mul (local.get $y) (local.get $W)) (local.get $xx)))
                          (br_if $scan (f32.ne (local.get $v) (local.get $v)))))))
                  (br_if $Lj (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kw))))))
            (br_if $Li (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $kh)))))
        (f32.store (local.get $out) (local.get $best))
        (i32.store (local.get $idx) (local.get $bi))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br_if $Lox (i32.lt_s (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $Wo))))
      (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
    (br_if $Lp (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $p1)))))

;; PyTorch's divisor of the window at padded row y0, col x0 (see backend/pool-divisor.ts).
(func $pool_divisor (param $d i32) (param $y0 i32) (param $x0 i32) (result f64)
  (local $mode i32) (local $ye i32) (local $xe i32) (local $ys i32) (local $xs i32) (local $t i32)
  (local.set $mode (i32.load offset=64 (local.get $d)))
  (if (i32.eqz (local.get $mode)) (then (return (f64.convert_i32_s (i32.load offset=72 (local.get $d))))))
  (if (i32.eq (local.get $mode) (i32.const 1))
    (then
      (local.set $ye (i32.add (local.get $y0) (i32.load offset=24 (local.get $d))))
      (local.set $t (i32.add (i32.load offset=8 (local.get $d)) (i32.load offset=40 (local.get $d))))
      (if (i32.gt_s (local.get $ye) (local.get $t)) (then (local.set $ye (local.get $t))))
      (local.set $xe (i32.add (local.get $x0) (i32.load offset=28 (local.get $d))))
      (local.set $t (i32.add (i32.load offset=12 (local.get $d)) (i32.load offset=44 (local.get $d))))
      (if (i32.gt_s (local.get $xe) (local.get $t)) (then (local.set $xe (local.get $t))))
      (return (f64.convert_i32_s (i32.mul (i32.sub (local.get $ye) (local.get $y0)) (i32.sub (local.get $xe) (local.get $x0)))))))
  (local.set $ys (select (local.get $y0) (i32.const 0) (i32.gt_s (local.get $y0) (i32.const 0))))
  (local.set $xs (select (local.get $x0) (i32.const 0) (i32.gt_s (local.get $x0) (i32.const 0))))
  (local.set $ye (i32.add (local.get $y0) (i32.load offset=24 (local.get $d))))
  (if (i32.gt_s (local.get $ye) (i32.load offset=8 (local.get $d))) (then (local.set $ye (i32.load offset=8 (local.get $d)))))
  (local.set $xe (i32.add (local.get $x0) (i32.load offset=28 (local.get $d))))
  (if (i32.gt_s (local.get $xe) (i32.load offset=12 (local.get $d))) (then (local.set $xe (i32.load offset=12 (local.get $d)))))
  (local.set $ye (i32.sub (local.get $ye) (local.get $ys)))
  (local.set $xe (i32.sub (local.get $xe) (local.get $xs)))
  (if (i32.lt_s (local.get $ye) (i32.const 0)) (then (local.set $ye (i32.const 0))))
  (if (i32.lt_s (local.get $xe) (i32.const 0)) (then (local.set $xe (i32.const 0))))
  (f64.convert_i32_s (i32.mul (local.get $ye) (local.get $xe))))

;; Average pooling forward (back = 0) or its adjoint (back = 1: every input pixel receives dy / divisor
;; from each window it fed; the part's planes of dx are zeroed first).
(func $avg_pool (param $d i32) (param $part i32) (param $back i32)
  (local $p i32) (local $p1 i32) (local $H i32) (local $W i32) (local $Ho i32) (local $Wo i32) (local $kh i32) (local $kw i32)
  (local $sh i32) (local $sw i32) (local $ph i32) (local $pw i32) (local $x i32) (local $out i32) (local $plane i32)
  (local $oy i32) (local $ox i32) (local $y i32) (local $xx i32) (local $y0 i32) (local $x0 i32) (local $ye i32) (local $xe i32)
  (local $xs i32) (local $acc f64) (local $q i32)
  (call $pool_range (local.get $d) (local.get $part))
  (local.set $p1)
  (local.set $p)
  (if (i32.ge_s (local.get $p) (local.get $p1)) (then (return)))
  (local.set $H (i32.load offset=8 (local.get $d))) (local.set $W (i32.load offset=12 (local.get $d)))
  (local.set $Ho (i32.load offset=16 (local.get $d))) (local.set $Wo (i32.load offset=20 (local.get $d)))
  (local.set $kh (i32.load offset=24 (local.get $d))) (local.set $kw (i32.load offset=28 (local.get $d)))
  (local.set $sh (i32.load offset=32 (local.get $d))) (local.set $sw (i32.load offset=36 (local.get $d)))
  (local.set $ph (i32.load offset=40 (local.get $d))) (local.set $pw (i32.load offset=44 (local.get $d)))
  ;; forward: x = input planes, out = pooled; backward: x = dx planes, out = dy
  (local.set $x (i32.load offset=56 (local.get $d)))
  (local.set $out (i32.add (i32.load offset=60 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $Ho)) (local.get $Wo)) (i32.const 2))))
  (if (local.get $back)
    (then
      (memory.fill
        (i32.add (local.get $x) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $H)) (local.get $W)) (i32.const 2)))
        (i32.const 0)
        (i32.shl (i32.mul (i32.mul (i32.sub (local.get $p1) (local.get $p)) (local.get $H)) (local.get $W)) (i32.const 2)))))
  (loop $Lp
    (local.set $plane (i32.add (local.get $x) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $H)) (local.get $W)) (i32.const 2))))
    (local.set $oy (i32.const 0))
    (loop $Loy
      (local.set $ox (i32.const 0))
      (loop $Lox
        (local.set $y0 (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $ph)))
        (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $pw)))
        (local.set $ye (i32.add (local.get $y0) (local.get $kh)))
        (if (i32.gt_s (local.get $ye) (local.get $H)) (then (local.set $ye (local.get $H))))
        (local.set $xe (i32.add (local.get $x0) (local.get $kw)))
        (if (i32.gt_s (local.get $xe) (local.get $W)) (then (local.set $xe (local.get $W))))
        (local.set $y (select (local.get $y0) (i32.const 0) (i32.gt_s (local.get $y0) (i32.const 0))))
        (local.set $xs (select (local.get $x0) (i32.const 0) (i32.gt_s (local.get $x0) (i32.const 0))))
        (if (local.get $back)
          (then
            (local.set $acc (f64.div (f64.promote_f32 (f32.load (local.get $out))) (call $pool_divisor (local.get $d) (local.get $y0) (local.get $x0))))
            (block $yd
              (loop $Ly
                (br_if $yd (i32.ge_s (local.get $y) (local.get $ye)))
                (local.set $xx (local.get $xs))
                (block $xd
                  (loop $Lx
                    (br_if $xd (i32.ge_s (local.get $xx) (local.get $xe)))
                    (local.set $q (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $W)) (local.get $xx)) (i32.const 2))))
                    (f32.store (local.get $q) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $q))) (local.get $acc))))
                    (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
                    (br $Lx)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $Ly))))
          (else
            (local.set $acc (f64.const 0))
            (block $yd
              (loop $Ly
                (br_if $yd (i32.ge_s (local.get $y) (local.get $ye)))
                (local.set $xx (local.get $xs))
                (block $xd
                  (loop $Lx
                    (br_if $xd (i32.ge_s (local.get $xx) (local.get $xe)))
                    (local.set $acc (f64.add (local.get $acc)
                      (f64.promote_f32 (f32.load (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $W)) (local.get $xx)) (i32.const 2)))))))
                    (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
                    (br $Lx)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $Ly)))
            (f32.store (local.get $out) (f32.demote_f64 (f64.div (local.get $acc) (call $pool_divisor (local.get $d) (local.get $y0) (local.get $x0)))))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br_if $Lox (i32.lt_s (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $Wo))))
      (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
    (br_if $Lp (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $p1)))))

(func $task_avg_pool (param $d i32) (param $part i32) (param $tid i32)
  (call $avg_pool (local.get $d) (local.get $part) (i32.const 0)))

(func $task_avg_pool_bwd (param $d i32) (param $part i32) (param $tid i32)
  (call $avg_pool (local.get $d) (local.get $part) (i32.const 1)))

;; The common 2×2, stride-2, unpadded window, four outputs at a time: the even and odd columns of two
;; input rows are the four candidates, taken in scan order with the same rule as $task_max_pool (a
;; candidate replaces the best when it is larger or NaN, unless the best is already NaN).
(func $max_pool_2x2 (param $d i32) (param $p i32) (param $p1 i32)
  (local $H i32) (local $W i32) (local $Ho i32) (local $Wo i32) (local $plane i32) (local $r0 i32) (local $r1 i32)
  (local $oy i32) (local $ox i32) (local $out i32) (local $idx i32) (local $base i32) (local $j i32)
  (local $u v128) (local $v v128) (local $best v128) (local $bi v128) (local $cand v128) (local $ci v128) (local $m v128)
  (local $fb f32) (local $fv f32) (local $ib i32)
  (local.set $H (i32.load offset=8 (local.get $d))) (local.set $W (i32.load offset=12 (local.get $d)))
  (local.set $Ho (i32.load offset=16 (local.get $d))) (local.set $Wo (i32.load offset=20 (local.get $d)))
  (local.set $out (i32.add (i32.load offset=60 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $Ho)) (local.get $Wo)) (i32.const 2))))
  (local.set $idx (i32.add (i32.load offset=64 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $Ho)) (local.get $Wo)) (i32.const 2))))
  (loop $Lp
    (local.set $plane (i32.add (i32.load offset=56 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $p) (local.get $H)) (local.get $W)) (i32.const 2))))
    (local.set $oy (i32.const 0))
    (loop $Loy
      (local.set $base (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $W)))
      (local.set $r0 (i32.add (local.get $plane) (i32.shl (local.get $base) (i32.const 2))))
      (local.set $r1 (i32.add (local.get $r0) (i32.shl (local.get $W) (i32.const 2))))
      (local.set $ox (i32.const 0))
      (block $vd
        (loop $v4
          (br_if $vd (i32.gt_s (i32.add (local.get $ox) (i32.const 4)) (local.get $Wo)))
          ;; candidate a: row 0, even columns
          (local.set $u (v128.load (i32.add (local.get $r0) (i32.shl (local.get $ox) (i32.const 3)))))
          (local.set $v (v128.load offset=16 (i32.add (local.get $r0) (i32.shl (local.get $ox) (i32.const 3)))))
          (local.set $best (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $u) (local.get $v)))
          (local.set $bi (i32x4.add (i32x4.splat (i32.add (local.get $base) (i32.shl (local.get $ox) (i32.const 1)))) (v128.const i32x4 0 2 4 6)))
          ;; b: row 0, odd columns
          (local.set $cand (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $u) (local.get $v)))
          (local.set $ci (i32x4.add (local.get $bi) (v128.const i32x4 1 1 1 1)))
          (local.set $m (v128.andnot (v128.or (f32x4.gt (local.get $cand) (local.get $best)) (f32x4.ne (local.get $cand) (local.get $cand))) (f32x4.ne (local.get $best) (local.get $best))))
          (local.set $best (v128.bitselect (local.get $cand) (local.get $best) (local.get $m)))
          (local.set $bi (v128.bitselect (local.get $ci) (local.get $bi) (local.get $m)))
          ;; c, d: row 1, even then odd columns
          (local.set $u (v128.load (i32.add (local.get $r1) (i32.shl (local.get $ox) (i32.const 3)))))
          (local.set $v (v128.load offset=16 (i32.add (local.get $r1) (i32.shl (local.get $ox) (i32.const 3)))))
          (local.set $cand (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $u) (local.get $v)))
          (local.set $ci (i32x4.add (i32x4.splat (i32.add (i32.add (local.get $base) (local.get $W)) (i32.shl (local.get $ox) (i32.const 1)))) (v128.const i32x4 0 2 4 6)))
          (local.set $m (v128.andnot (v128.or (f32x4.gt (local.get $cand) (local.get $best)) (f32x4.ne (local.get $cand) (local.get $cand))) (f32x4.ne (local.get $best) (local.get $best))))
          (local.set $best (v128.bitselect (local.get $cand) (local.get $best) (local.get $m)))
          (local.set $bi (v128.bitselect (local.get $ci) (local.get $bi) (local.get $m)))
          (local.set $cand (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $u) (local.get $v)))
          (local.set $ci (i32x4.add (local.get $ci) (v128.const i32x4 1 1 1 1)))
          (local.set $m (v128.andnot (v128.or (f32x4.gt (local.get $cand) (local.get $best)) (f32x4.ne (local.get $cand) (local.get $cand))) (f32x4.ne (local.get $best) (local.get $best))))
          (local.set $best (v128.bitselect (local.get $cand) (local.get $best) (local.get $m)))
          (local.set $bi (v128.bitselect (local.get $ci) (local.get $bi) (local.get $m)))
          (v128.store (local.get $out) (local.get $best))
          (v128.store (local.get $idx) (local.get $bi))
          (local.set $out (i32.add (local.get $out) (i32.const 16)))
          (local.set $idx (i32.add (local.get $idx) (i32.const 16)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
          (br $v4)))
      ;; the last Wo % 4 outputs one by one
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $ox) (local.get $Wo)))
          (local.set $ib (i32.add (local.get $base) (i32.shl (local.get $ox) (i32.const 1))))
          (local.set $fb (f32.load (i32.add (local.get $plane) (i32.shl (local.get $ib) (i32.const 2)))))
          (local.set $j (i32.const 1))
          (loop $Lc
              (local.set $fv (f32.load (i32.add (local.get $plane) (i32.shl
              (i32.add (i32.add (local.get $base) (i32.shl (local.get $ox) (i32.const 1)))
                (i32.add (i32.and (local.get $j) (i32.const 1)) (i32.mul (i32.shr_u (local.get $j) (i32.const 1)) (local.get $W))))
              (i32.const 2)))))
            (if (i32.and (i32.or (f32.gt (local.get $fv) (local.get $fb)) (f32.ne (local.get $fv) (local.get $fv))) (f32.eq (local.get $fb) (local.get $fb)))
              (then
                (local.set $fb (local.get $fv))
                (local.set $ib (i32.add (i32.add (local.get $base) (i32.shl (local.get $ox) (i32.const 1)))
                  (i32.add (i32.and (local.get $j) (i32.const 1)) (i32.mul (i32.shr_u (local.get $j) (i32.const 1)) (local.get $W)))))))
            (br_if $Lc (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4))))
          (f32.store (local.get $out) (local.get $fb))
          (i32.store (local.get $idx) (local.get $ib))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $t1)))
      (br_if $Loy (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
    (br_if $Lp (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $p1)))))
