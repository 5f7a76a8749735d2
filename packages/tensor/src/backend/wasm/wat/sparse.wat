;; Sparse × dense product over entries sorted by output row (CSR), and the sampled dense-dense product
;; (its weight gradient). Each output row is written by one part, its additions in increasing entry
;; order: the TypeScript kernel's bits, whichever thread runs it.
;;
;; Spmm descriptor (i32 words): 0 kind, 1 rows, 2 H, 3 C, 4 row starts (i32 [rows + 1]), 5 entry of
;; each sorted position (i32 [E]; 0 when the entries were already in row order, entry p = p), 6 column of each sorted position (i32 [E]), 7 x (float32 [N, H, C]),
;; 8 weight (float32 [E, H]), 9 out (float32 [rows, H, C]), 10 rows per part.
;; out[i, h, :] = Σ_p weight[entry[p], h] · x[col[p], h, :] over p in [start[i], start[i + 1]).

(func $task_spmm (param $d i32) (param $part i32) (param $tid i32)
  (local $H i32) (local $C i32) (local $HC4 i32) (local $C4 i32) (local $i i32) (local $i1 i32) (local $h i32)
  (local $f i32) (local $p i32) (local $pe i32) (local $starts i32) (local $ents i32) (local $cols i32)
  (local $x i32) (local $w i32) (local $o i32) (local $s i32) (local $wk f32) (local $wv v128)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
  (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $o4 i32) (local $o5 i32) (local $o6 i32) (local $o7 i32)
  (local.set $H (i32.load offset=8 (local.get $d)))
  (local.set $C (i32.load offset=12 (local.get $d)))
  (local.set $C4 (i32.shl (local.get $C) (i32.const 2)))
  (local.set $HC4 (i32.mul (local.get $H) (local.get $C4)))
  (local.set $starts (i32.load offset=16 (local.get $d)))
  (local.set $ents (i32.load offset=20 (local.get $d)))
  (local.set $cols (i32.load offset=24 (local.get $d)))
  (local.set $x (i32.load offset=28 (local.get $d)))
  (local.set $w (i32.load offset=32 (local.get $d)))
  (local.set $i (i32.mul (local.get $part) (i32.load offset=40 (local.get $d))))
  (local.set $i1 (i32.add (local.get $i) (i32.load offset=40 (local.get $d))))
  (if (i32.gt_s (local.get $i1) (i32.load offset=4 (local.get $d))) (then (local.set $i1 (i32.load offset=4 (local.get $d)))))
  ;; rows of 32 values over several heads (C a multiple of 4): one pass over the entries per row, the
  ;; weight of vector v's head at byte offset $ov within the entry's weights
  (if (i32.and (i32.eq (local.get $HC4) (i32.const 128)) (i32.and (i32.gt_s (local.get $H) (i32.const 1))
      (i32.eqz (i32.and (local.get $C) (i32.const 3)))))
    (then
      (local.set $o1 (i32.shl (i32.div_u (i32.const 4) (local.get $C)) (i32.const 2)))
      (local.set $o2 (i32.shl (i32.div_u (i32.const 8) (local.get $C)) (i32.const 2)))
      (local.set $o3 (i32.shl (i32.div_u (i32.const 12) (local.get $C)) (i32.const 2)))
      (local.set $o4 (i32.shl (i32.div_u (i32.const 16) (local.get $C)) (i32.const 2)))
      (local.set $o5 (i32.shl (i32.div_u (i32.const 20) (local.get $C)) (i32.const 2)))
      (local.set $o6 (i32.shl (i32.div_u (i32.const 24) (local.get $C)) (i32.const 2)))
      (local.set $o7 (i32.shl (i32.div_u (i32.const 28) (local.get $C)) (i32.const 2)))
      (block $rdone
        (loop $Lr
          (br_if $rdone (i32.ge_s (local.get $i) (local.get $i1)))
          (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
          (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
          (local.set $a4 (v128.const i64x2 0 0)) (local.set $a5 (v128.const i64x2 0 0))
          (local.set $a6 (v128.const i64x2 0 0)) (local.set $a7 (v128.const i64x2 0 0))
          (local.set $p (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $pe (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
          (block $pd
            (loop $Lp
              (br_if $pd (i32.ge_s (local.get $p) (local.get $pe)))
              ;; $f: the entry's weights; $s: its source row
              (local.set $f (i32.add (local.get $w) (i32.shl
                (i32.mul (if (result i32) (local.get $ents) (then (i32.load (i32.add (local.get $ents) (i32.shl (local.get $p) (i32.const 2))))) (else (local.get $p))) (local.get $H)) (i32.const 2))))
              (local.set $s (i32.add (local.get $x)
                (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (local.get $HC4))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (f32x4.splat (f32.load (local.get $f))) (v128.load (local.get $s)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o1)))) (v128.load offset=16 (local.get $s)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o2)))) (v128.load offset=32 (local.get $s)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o3)))) (v128.load offset=48 (local.get $s)))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o4)))) (v128.load offset=64 (local.get $s)))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o5)))) (v128.load offset=80 (local.get $s)))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o6)))) (v128.load offset=96 (local.get $s)))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $f) (local.get $o7)))) (v128.load offset=112 (local.get $s)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $Lp)))
          (local.set $o (i32.add (i32.load offset=36 (local.get $d)) (i32.mul (local.get $i) (local.get $HC4))))
          (v128.store (local.get $o) (local.get $a0)) (v128.store offset=16 (local.get $o) (local.get $a1))
          (v128.store offset=32 (local.get $o) (local.get $a2)) (v128.store offset=48 (local.get $o) (local.get $a3))
          (v128.store offset=64 (local.get $o) (local.get $a4)) (v128.store offset=80 (local.get $o) (local.get $a5))
          (v128.store offset=96 (local.get $o) (local.get $a6)) (v128.store offset=112 (local.get $o) (local.get $a7))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $Lr)))
      (return)))
  (block $done
    (loop $Li
      (br_if $done (i32.ge_s (local.get $i) (local.get $i1)))
      (local.set $h (i32.const 0))
      (block $hdone
        (loop $Lh
          (br_if $hdone (i32.ge_s (local.get $h) (local.get $H)))
          ;; byte offset of (row, head h, column f) within a row of x or out
          (local.set $f (i32.mul (local.get $h) (local.get $C4)))
          (local.set $pe (i32.add (local.get $f) (local.get $C4)))
          ;; 32 columns at a time, in eight registers
          (block $b8done
            (loop $Lb8
              (br_if $b8done (i32.gt_s (i32.add (local.get $f) (i32.const 128)) (local.get $pe)))
              (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
              (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
              (local.set $a4 (v128.const i64x2 0 0)) (local.set $a5 (v128.const i64x2 0 0))
              (local.set $a6 (v128.const i64x2 0 0)) (local.set $a7 (v128.const i64x2 0 0))
              (local.set $p (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
              (block $pd
                (loop $Lp
                  (br_if $pd (i32.ge_s (local.get $p) (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))))
                  (local.set $wv (f32x4.splat (f32.load (i32.add (local.get $w) (i32.shl
                    (i32.add (i32.mul (if (result i32) (local.get $ents) (then (i32.load (i32.add (local.get $ents) (i32.shl (local.get $p) (i32.const 2))))) (else (local.get $p))) (local.get $H)) (local.get $h))
                    (i32.const 2))))))
                  (local.set $s (i32.add (i32.add (local.get $x) (local.get $f))
                    (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (local.get $HC4))))
                  (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $wv) (v128.load (local.get $s)))))
                  (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $wv) (v128.load offset=16 (local.get $s)))))
                  (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $wv) (v128.load offset=32 (local.get $s)))))
                  (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $wv) (v128.load offset=48 (local.get $s)))))
                  (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $wv) (v128.load offset=64 (local.get $s)))))
                  (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $wv) (v128.load offset=80 (local.get $s)))))
                  (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $wv) (v128.load offset=96 (local.get $s)))))
                  (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $wv) (v128.load offset=112 (local.get $s)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $Lp)))
              (local.set $o (i32.add (i32.add (i32.load offset=36 (local.get $d)) (i32.mul (local.get $i) (local.get $HC4))) (local.get $f)))
              (v128.store (local.get $o) (local.get $a0)) (v128.store offset=16 (local.get $o) (local.get $a1))
              (v128.store offset=32 (local.get $o) (local.get $a2)) (v128.store offset=48 (local.get $o) (local.get $a3))
              (v128.store offset=64 (local.get $o) (local.get $a4)) (v128.store offset=80 (local.get $o) (local.get $a5))
              (v128.store offset=96 (local.get $o) (local.get $a6)) (v128.store offset=112 (local.get $o) (local.get $a7))
              (local.set $f (i32.add (local.get $f) (i32.const 128)))
              (br $Lb8)))
          ;; 8 columns at a time (the attention heads' width), then 4
          (block $b2done
            (loop $Lb2
              (br_if $b2done (i32.gt_s (i32.add (local.get $f) (i32.const 32)) (local.get $pe)))
              (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
              (local.set $p (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
              (block $pd
                (loop $Lp
                  (br_if $pd (i32.ge_s (local.get $p) (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))))
                  (local.set $wv (f32x4.splat (f32.load (i32.add (local.get $w) (i32.shl
                    (i32.add (i32.mul (if (result i32) (local.get $ents) (then (i32.load (i32.add (local.get $ents) (i32.shl (local.get $p) (i32.const 2))))) (else (local.get $p))) (local.get $H)) (local.get $h))
                    (i32.const 2))))))
                  (local.set $s (i32.add (i32.add (local.get $x) (local.get $f))
                    (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (local.get $HC4))))
                  (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $wv) (v128.load (local.get $s)))))
                  (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $wv) (v128.load offset=16 (local.get $s)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $Lp)))
              (local.set $o (i32.add (i32.add (i32.load offset=36 (local.get $d)) (i32.mul (local.get $i) (local.get $HC4))) (local.get $f)))
              (v128.store (local.get $o) (local.get $a0)) (v128.store offset=16 (local.get $o) (local.get $a1))
              (local.set $f (i32.add (local.get $f) (i32.const 32)))
              (br $Lb2)))
          (block $b1done
            (loop $Lb1
              (br_if $b1done (i32.gt_s (i32.add (local.get $f) (i32.const 16)) (local.get $pe)))
              (local.set $a0 (v128.const i64x2 0 0))
              (local.set $p (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
              (block $pd
                (loop $Lp
                  (br_if $pd (i32.ge_s (local.get $p) (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))))
                  (local.set $wv (f32x4.splat (f32.load (i32.add (local.get $w) (i32.shl
                    (i32.add (i32.mul (if (result i32) (local.get $ents) (then (i32.load (i32.add (local.get $ents) (i32.shl (local.get $p) (i32.const 2))))) (else (local.get $p))) (local.get $H)) (local.get $h))
                    (i32.const 2))))))
                  (local.set $s (i32.add (i32.add (local.get $x) (local.get $f))
                    (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (local.get $HC4))))
                  (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $wv) (v128.load (local.get $s)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $Lp)))
              (v128.store (i32.add (i32.add (i32.load offset=36 (local.get $d)) (i32.mul (local.get $i) (local.get $HC4))) (local.get $f)) (local.get $a0))
              (local.set $f (i32.add (local.get $f) (i32.const 16)))
              (br $Lb1)))
          ;; the last C mod 4 columns one at a time
          (block $b0done
            (loop $Lb0
              (br_if $b0done (i32.ge_s (local.get $f) (local.get $pe)))
              (local.set $wk (f32.const 0))
              (local.set $p (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2)))))
              (block $pd
                (loop $Lp
                  (br_if $pd (i32.ge_s (local.get $p) (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))))
                  (local.set $wk (f32.add (local.get $wk) (f32.mul
                    (f32.load (i32.add (local.get $w) (i32.shl
                      (i32.add (i32.mul (if (result i32) (local.get $ents) (then (i32.load (i32.add (local.get $ents) (i32.shl (local.get $p) (i32.const 2))))) (else (local.get $p))) (local.get $H)) (local.get $h))
                      (i32.const 2))))
                    (f32.load (i32.add (i32.add (local.get $x) (local.get $f))
                      (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (local.get $HC4)))))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $Lp)))
              (f32.store (i32.add (i32.add (i32.load offset=36 (local.get $d)) (i32.mul (local.get $i) (local.get $HC4))) (local.get $f)) (local.get $wk))
              (local.set $f (i32.add (local.get $f) (i32.const 4)))
              (br $Lb0)))
          (local.set $h (i32.add (local.get $h) (i32.const 1)))
          (br $Lh)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $Li))))

;; Sampled product descriptor (i32 words): 0 kind, 1 E, 2 H, 3 C, 4 row (i32 [E]), 5 col (i32 [E]),
;; 6 a (float32 [R, H, C]), 7 b (float32 [N, H, C]), 8 out (float32 [E, H]), 9 entries per part.
;; out[k, h] = Σ_c a[row[k], h, c] · b[col[k], h, c]: float32 products summed in float64 (the composite's
;; multiply, then its sum), four lanes at a time.
(func $task_sddmm (param $d i32) (param $part i32) (param $tid i32)
  (local $H i32) (local $C i32) (local $HC4 i32) (local $k i32) (local $k1 i32) (local $h i32) (local $f i32)
  (local $pa i32) (local $pb i32) (local $end i32) (local $o i32) (local $acc f64) (local $a0 v128) (local $a1 v128) (local $v v128)
  (local.set $H (i32.load offset=8 (local.get $d)))
  (local.set $C (i32.load offset=12 (local.get $d)))
  (local.set $HC4 (i32.shl (i32.mul (local.get $H) (local.get $C)) (i32.const 2)))
  (local.set $k (i32.mul (local.get $part) (i32.load offset=36 (local.get $d))))
  (local.set $k1 (i32.add (local.get $k) (i32.load offset=36 (local.get $d))))
  (if (i32.gt_s (local.get $k1) (i32.load offset=4 (local.get $d))) (then (local.set $k1 (i32.load offset=4 (local.get $d)))))
  (local.set $o (i32.add (i32.load offset=32 (local.get $d)) (i32.shl (i32.mul (local.get $k) (local.get $H)) (i32.const 2))))
  (block $done
    (loop $Lk
      (br_if $done (i32.ge_s (local.get $k) (local.get $k1)))
      (local.set $pa (i32.add (i32.load offset=24 (local.get $d))
        (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $k) (i32.const 2)))) (local.get $HC4))))
      (local.set $pb (i32.add (i32.load offset=28 (local.get $d))
        (i32.mul (i32.load (i32.add (i32.load offset=20 (local.get $d)) (i32.shl (local.get $k) (i32.const 2)))) (local.get $HC4))))
      (local.set $h (i32.const 0))
      (block $hdone
        (loop $Lh
          (br_if $hdone (i32.ge_s (local.get $h) (local.get $H)))
          (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $C) (i32.const 2))))
          (local.set $a0 (v128.const i64x2 0 0))
          (local.set $a1 (v128.const i64x2 0 0))
          (local.set $acc (f64.const 0))
          (block $vd
            (loop $v4
              (br_if $vd (i32.gt_u (i32.add (local.get $pa) (i32.const 16)) (local.get $end)))
              (local.set $v (f32x4.mul (v128.load (local.get $pa)) (v128.load (local.get $pb))))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (local.get $v))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
              (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
              (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
              (br $v4)))
          (block $td
            (loop $t1
              (br_if $td (i32.ge_u (local.get $pa) (local.get $end)))
              (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb))))))
              (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
              (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
              (br $t1)))
          (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
          (f32.store (local.get $o) (f32.demote_f64 (f64.add (local.get $acc)
            (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (local.set $h (i32.add (local.get $h) (i32.const 1)))
          (br $Lh)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $Lk))))

;; e^x for four float32 lanes: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its degree-6 Taylor polynomial
;; (Horner), times 2^n built in the exponent bits. Relative error about 2e-7 (1-2 ulp); below −87.3 the
;; result flushes to 0 (the subnormal range), above 88.7 it is +∞; NaN stays NaN.
(func $seg_exp4 (param $x v128) (result v128)
  (local $n v128) (local $r v128) (local $p v128) (local $c v128)
  (local.set $c (f32x4.min (f32x4.max (local.get $x) (f32x4.splat (f32.const -87.3))) (f32x4.splat (f32.const 88.7))))
  (local.set $n (f32x4.nearest (f32x4.mul (local.get $c) (f32x4.splat (f32.const 1.44269504)))))
  (local.set $r (f32x4.sub (f32x4.sub (local.get $c) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
    (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 1.38888889e-3)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 1.98412698e-4)))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 8.33333333e-3)) (f32x4.mul (local.get $r) (local.get $p))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 4.16666667e-2)) (f32x4.mul (local.get $r) (local.get $p))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 0.166666667)) (f32x4.mul (local.get $r) (local.get $p))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 0.5)) (f32x4.mul (local.get $r) (local.get $p))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
  (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
  ;; 2^n: n + 127 in the exponent field (n ∈ [−126, 128] after the clamp; 128 only when x > 88.7)
  (local.set $p (f32x4.mul (local.get $p)
    (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))
  (local.set $p (v128.bitselect (v128.const i32x4 0 0 0 0) (local.get $p) (f32x4.lt (local.get $x) (f32x4.splat (f32.const -87.3)))))
  (local.set $p (v128.bitselect (f32x4.splat (f32.const inf)) (local.get $p) (f32x4.gt (local.get $x) (f32x4.splat (f32.const 88.7)))))
  ;; NaN lanes: x + x keeps the NaN
  (v128.bitselect (f32x4.add (local.get $x) (local.get $x)) (local.get $p) (f32x4.ne (local.get $x) (local.get $x))))

;; Edge logits descriptor (i32 words): 0 kind, 1 E, 2 W (values per row), 3 row (i32 [E]), 4 col (i32 [E]),
;; 5 src (float32 [N, W]), 6 dst (float32 [R, W]), 7 out (float32 [E, W]) or g for the gradient,
;; 8 slope (float32 bits), 9 entries per part, 10 dsrc (float32 [N, W], zeroed), 11 ddst (float32 [R, W], zeroed).
;; Forward: out[k] = z > 0 ? z : slope·z with z = src[col[k]] + dst[row[k]]. Gradient (one part, in
;; increasing k): dz = z > 0 ? g[k] : slope·g[k], added at dsrc[col[k]] and ddst[row[k]].
(func $task_edge_logits (param $d i32) (param $part i32) (param $tid i32)
  (call $edge_logits (local.get $d) (local.get $part) (i32.const 0)))
(func $task_edge_logits_bwd (param $d i32) (param $part i32) (param $tid i32)
  (call $edge_logits (local.get $d) (local.get $part) (i32.const 1)))

(func $edge_logits (param $d i32) (param $part i32) (param $grad i32)
  (local $W4 i32) (local $k i32) (local $k1 i32) (local $s i32) (local $t i32) (local $o i32) (local $f i32)
  (local $slope f32) (local $sl v128) (local $z v128) (local $v v128) (local $zs f32) (local $vs f32) (local $a i32)
  (local.set $W4 (i32.shl (i32.load offset=8 (local.get $d)) (i32.const 2)))
  (local.set $slope (f32.load offset=32 (local.get $d)))
  (local.set $sl (f32x4.splat (local.get $slope)))
  (local.set $k (i32.mul (local.get $part) (i32.load offset=36 (local.get $d))))
  (local.set $k1 (i32.add (local.get $k) (i32.load offset=36 (local.get $d))))
  (if (i32.gt_s (local.get $k1) (i32.load offset=4 (local.get $d))) (then (local.set $k1 (i32.load offset=4 (local.get $d)))))
  (block $done
    (loop $Lk
      (br_if $done (i32.ge_s (local.get $k) (local.get $k1)))
      ;; byte offsets of the entry's source row, target row and own row
      (local.set $s (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $k) (i32.const 2)))) (local.get $W4)))
      (local.set $t (i32.mul (i32.load (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $k) (i32.const 2)))) (local.get $W4)))
      (local.set $o (i32.add (i32.load offset=28 (local.get $d)) (i32.mul (local.get $k) (local.get $W4))))
      (local.set $f (i32.const 0))
      (block $vd
        (loop $v4
          (br_if $vd (i32.gt_s (i32.add (local.get $f) (i32.const 16)) (local.get $W4)))
          (local.set $z (f32x4.add
            (v128.load (i32.add (i32.add (i32.load offset=20 (local.get $d)) (local.get $s)) (local.get $f)))
            (v128.load (i32.add (i32.add (i32.load offset=24 (local.get $d)) (local.get $t)) (local.get $f)))))
          (if (local.get $grad)
            (then
              (local.set $v (v128.load (i32.add (local.get $o) (local.get $f))))
              (local.set $v (v128.bitselect (local.get $v) (f32x4.mul (local.get $v) (local.get $sl)) (f32x4.gt (local.get $z) (v128.const i32x4 0 0 0 0))))
              (local.set $a (i32.add (i32.add (i32.load offset=40 (local.get $d)) (local.get $s)) (local.get $f)))
              (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (local.get $v)))
              (local.set $a (i32.add (i32.add (i32.load offset=44 (local.get $d)) (local.get $t)) (local.get $f)))
              (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (local.get $v))))
            (else
              (v128.store (i32.add (local.get $o) (local.get $f))
                (v128.bitselect (local.get $z) (f32x4.mul (local.get $z) (local.get $sl)) (f32x4.gt (local.get $z) (v128.const i32x4 0 0 0 0))))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $v4)))
      (block $td
        (loop $t1
          (br_if $td (i32.ge_s (local.get $f) (local.get $W4)))
          (local.set $zs (f32.add
            (f32.load (i32.add (i32.add (i32.load offset=20 (local.get $d)) (local.get $s)) (local.get $f)))
            (f32.load (i32.add (i32.add (i32.load offset=24 (local.get $d)) (local.get $t)) (local.get $f)))))
          (if (local.get $grad)
            (then
              (local.set $vs (f32.load (i32.add (local.get $o) (local.get $f))))
              (local.set $vs (select (local.get $vs) (f32.mul (local.get $vs) (local.get $slope)) (f32.gt (local.get $zs) (f32.const 0))))
              (local.set $a (i32.add (i32.add (i32.load offset=40 (local.get $d)) (local.get $s)) (local.get $f)))
              (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (local.get $vs)))
              (local.set $a (i32.add (i32.add (i32.load offset=44 (local.get $d)) (local.get $t)) (local.get $f)))
              (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (local.get $vs))))
            (else
              (f32.store (i32.add (local.get $o) (local.get $f))
                (select (local.get $zs) (f32.mul (local.get $zs) (local.get $slope)) (f32.gt (local.get $zs) (f32.const 0))))))
          (local.set $f (i32.add (local.get $f) (i32.const 4)))
          (br $t1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $Lk))))

;; Segment softmax descriptor (i32 words): 0 kind, 1 segments, 2 W (values per row), 3 starts (i32
;; [segments + 1]), 4 entry (i32 [E], rows in segment order), 5 x (float32 [E, W]; y for the gradient),
;; 6 out (float32 [E, W]), 7 segments per part, 8 g (float32 [E, W], the gradient only).
;; Forward, per segment and column: m = max, e = exp(x − m) (four lanes), out = e / (Σ e + 1e-16), the
;; sum in row order. Gradient: out = y ⊙ (g − Σ g ⊙ y), the dot product in row order.
(func $task_seg_softmax (param $d i32) (param $part i32) (param $tid i32)
  (call $seg_softmax (local.get $d) (local.get $part) (i32.const 0)))
(func $task_seg_softmax_bwd (param $d i32) (param $part i32) (param $tid i32)
  (call $seg_softmax (local.get $d) (local.get $part) (i32.const 1)))

(func $seg_softmax (param $d i32) (param $part i32) (param $grad i32)
  (local $W4 i32) (local $s i32) (local $s1 i32) (local $p i32) (local $p0 i32) (local $p1 i32) (local $f i32) (local $w i32)
  (local $x i32) (local $o i32) (local $g i32) (local $at i32) (local $m v128) (local $acc v128) (local $v v128) (local $lanes i32)
  (local.set $W4 (i32.shl (i32.load offset=8 (local.get $d)) (i32.const 2)))
  (local.set $x (i32.load offset=20 (local.get $d)))
  (local.set $o (i32.load offset=24 (local.get $d)))
  (local.set $g (i32.load offset=32 (local.get $d)))
  (local.set $s (i32.mul (local.get $part) (i32.load offset=28 (local.get $d))))
  (local.set $s1 (i32.add (local.get $s) (i32.load offset=28 (local.get $d))))
  (if (i32.gt_s (local.get $s1) (i32.load offset=4 (local.get $d))) (then (local.set $s1 (i32.load offset=4 (local.get $d)))))
  (block $done
    (loop $Ls
      (br_if $done (i32.ge_s (local.get $s) (local.get $s1)))
      (local.set $p0 (i32.load (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $p1 (i32.load offset=4 (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $s) (i32.const 2)))))
      ;; columns f … f + 3 as one vector while four remain, then one column at a time (lane 0 of a splat)
      (local.set $f (i32.const 0))
      (block $fdone
        (loop $Lf
          (br_if $fdone (i32.ge_s (local.get $f) (local.get $W4)))
          (local.set $lanes (i32.ge_s (i32.sub (local.get $W4) (local.get $f)) (i32.const 16)))
          (if (local.get $grad)
            (then
              ;; acc = Σ g ⊙ y over the segment's rows
              (local.set $acc (v128.const i32x4 0 0 0 0))
              (local.set $p (local.get $p0))
              (block $pd (loop $Lp
                (br_if $pd (i32.ge_s (local.get $p) (local.get $p1)))
                (local.set $at (i32.add (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $p) (i32.const 2)))) (local.get $W4)) (local.get $f)))
                (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
                  (call $seg_load (i32.add (local.get $g) (local.get $at)) (local.get $lanes))
                  (call $seg_load (i32.add (local.get $x) (local.get $at)) (local.get $lanes)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $Lp)))
              (local.set $p (local.get $p0))
              (block $pd (loop $Lp
                (br_if $pd (i32.ge_s (local.get $p) (local.get $p1)))
                (local.set $at (i32.add (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $p) (i32.const 2)))) (local.get $W4)) (local.get $f)))
                (call $seg_store (i32.add (local.get $o) (local.get $at)) (local.get $lanes)
                  (f32x4.mul (call $seg_load (i32.add (local.get $x) (local.get $at)) (local.get $lanes))
                    (f32x4.sub (call $seg_load (i32.add (local.get $g) (local.get $at)) (local.get $lanes)) (local.get $acc))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $Lp))))
            (else
              ;; m = the max (NaN wins), then e = exp(x − m) stored and summed, then divided
              (local.set $m (f32x4.splat (f32.const -inf)))
              (local.set $p (local.get $p0))
              (block $pd (loop $Lp
                (br_if $pd (i32.ge_s (local.get $p) (local.get $p1)))
                (local.set $at (i32.add (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $p) (i32.const 2)))) (local.get $W4)) (local.get $f)))
                (local.set $m (f32x4.max (local.get $m) (call $seg_load (i32.add (local.get $x) (local.get $at)) (local.get $lanes))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $Lp)))
              (local.set $acc (v128.const i32x4 0 0 0 0))
              (local.set $p (local.get $p0))
              (block $pd (loop $Lp
                (br_if $pd (i32.ge_s (local.get $p) (local.get $p1)))
                (local.set $at (i32.add (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $p) (i32.const 2)))) (local.get $W4)) (local.get $f)))
                (local.set $v (call $seg_exp4 (f32x4.sub (call $seg_load (i32.add (local.get $x) (local.get $at)) (local.get $lanes)) (local.get $m))))
                (call $seg_store (i32.add (local.get $o) (local.get $at)) (local.get $lanes) (local.get $v))
                (local.set $acc (f32x4.add (local.get $acc) (local.get $v)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $Lp)))
              (local.set $acc (f32x4.add (local.get $acc) (f32x4.splat (f32.const 1e-16))))
              (local.set $p (local.get $p0))
              (block $pd (loop $Lp
                (br_if $pd (i32.ge_s (local.get $p) (local.get $p1)))
                (local.set $at (i32.add (i32.add (local.get $o) (i32.mul (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $p) (i32.const 2)))) (local.get $W4))) (local.get $f)))
                (call $seg_store (local.get $at) (local.get $lanes) (f32x4.div (call $seg_load (local.get $at) (local.get $lanes)) (local.get $acc)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $Lp)))))
          (local.set $f (i32.add (local.get $f) (select (i32.const 16) (i32.const 4) (local.get $lanes))))
          (br $Lf)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $Ls))))

;; Four floats at a, or one (in every lane) when not $four.
(func $seg_load (param $a i32) (param $four i32) (result v128)
  (if (result v128) (local.get $four) (then (v128.load (local.get $a))) (else (f32x4.splat (f32.load (local.get $a))))))
(func $seg_store (param $a i32) (param $four i32) (param $v v128)
  (if (local.get $four) (then (v128.store (local.get $a) (local.get $v))) (else (f32.store (local.get $a) (f32x4.extract_lane 0 (local.get $v))))))
