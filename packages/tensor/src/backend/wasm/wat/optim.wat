;; Fused optimizer updates (backend `optimizerStep`): SGD and Adam/AdamW over float32 segments, the
;; composite's operations of optim/sgd.ts and optim/adam.ts in its order, each rounded to float32 as the
;; tensor ops round them, so the results equal the composite bit for bit. Segments are contiguous runs
;; of one parameter; every output block is 64-byte aligned and padded, so the last group of four lanes
;; may run past a segment's end (those lanes are garbage and never read back).
;;
;; Descriptor (bytes): 0 kind, 4 op (0 SGD, 1 Adam), 8 flags, 12 segment table, 16 segments per part,
;; 20 segments; f32 scalars: 24 weight decay, 28 momentum | β₁, 32 1 − dampening | 1 − β₁, 36 β₂,
;; 40 1 − β₂, 44 ε, 48 1 − lr·weight decay.
;; Flags: 1 maximize, 2 weight decay added to the gradient, 4 decoupled weight decay, 8 momentum,
;; 16 Nesterov, 32 amsgrad.
;; Segment (64 bytes): 0 elements, 4 param, 8 grad, 12-20 state in (SGD: buffer; Adam: m, v, max v),
;; 24 param out, 28-36 state out, f32 40 √(1 − β₂ᵗ), f32 44 −lr (SGD) | −lr/(1 − β₁ᵗ) (Adam),
;; 48 SGD: 1 when the momentum buffer exists (else it starts as the gradient).

(func $task_optim (param $d i32) (param $part i32) (param $tid i32)
  (local $s i32) (local $end i32) (local $table i32)
  (local.set $s (i32.mul (local.get $part) (i32.load offset=16 (local.get $d))))
  (local.set $end (i32.add (local.get $s) (i32.load offset=16 (local.get $d))))
  (if (i32.gt_u (local.get $end) (i32.load offset=20 (local.get $d)))
    (then (local.set $end (i32.load offset=20 (local.get $d)))))
  (local.set $table (i32.load offset=12 (local.get $d)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
      (if (i32.load offset=4 (local.get $d))
        (then (call $adam_segment (local.get $d) (i32.add (local.get $table) (i32.shl (local.get $s) (i32.const 6)))))
        (else (call $sgd_segment (local.get $d) (i32.add (local.get $table) (i32.shl (local.get $s) (i32.const 6))))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $next))))

;; d = ±g (+ λp); b = μ·b + (1 − τ)·d (or d); d = d + μ·b (Nesterov) or b; p' = p + d·(−lr).
(func $sgd_segment (param $d i32) (param $r i32)
  (local $flags i32) (local $i i32) (local $end i32) (local $old i32)
  (local $p i32) (local $g i32) (local $b i32) (local $o i32) (local $ob i32)
  (local $wd v128) (local $mu v128) (local $keep v128) (local $nlr v128) (local $x v128) (local $dd v128) (local $bb v128)
  (local.set $flags (i32.load offset=8 (local.get $d)))
  (local.set $wd (f32x4.splat (f32.load offset=24 (local.get $d))))
  (local.set $mu (f32x4.splat (f32.load offset=28 (local.get $d))))
  (local.set $keep (f32x4.splat (f32.load offset=32 (local.get $d))))
  (local.set $nlr (f32x4.splat (f32.load offset=44 (local.get $r))))
  (local.set $end (i32.shl (i32.load (local.get $r)) (i32.const 2)))
  (local.set $p (i32.load offset=4 (local.get $r)))
  (local.set $g (i32.load offset=8 (local.get $r)))
  (local.set $b (i32.load offset=12 (local.get $r)))
  (local.set $o (i32.load offset=24 (local.get $r)))
  (local.set $ob (i32.load offset=28 (local.get $r)))
  (local.set $old (i32.load offset=48 (local.get $r)))
  (block $done
    (loop $v4
      (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
      (local.set $dd (v128.load (i32.add (local.get $g) (local.get $i))))
      (if (i32.and (local.get $flags) (i32.const 1)) (then (local.set $dd (f32x4.neg (local.get $dd)))))
      (local.set $x (v128.load (i32.add (local.get $p) (local.get $i))))
      (if (i32.and (local.get $flags) (i32.const 2))
        (then (local.set $dd (f32x4.add (local.get $dd) (f32x4.mul (local.get $x) (local.get $wd))))))
      (if (i32.and (local.get $flags) (i32.const 8))
        (then
          (local.set $bb (local.get $dd))
          (if (local.get $old)
            (then (local.set $bb (f32x4.add
              (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $i))) (local.get $mu))
              (f32x4.mul (local.get $dd) (local.get $keep))))))
          (v128.store (i32.add (local.get $ob) (local.get $i)) (local.get $bb))
          (if (i32.and (local.get $flags) (i32.const 16))
            (then (local.set $dd (f32x4.add (local.get $dd) (f32x4.mul (local.get $bb) (local.get $mu)))))
            (else (local.set $dd (local.get $bb))))))
      (v128.store (i32.add (local.get $o) (local.get $i)) (f32x4.add (local.get $x) (f32x4.mul (local.get $dd) (local.get $nlr))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $v4))))

;; d = ±g; p ← p·(1 − lr·λ) (decoupled) or d = d + λp; m' = β₁m + (1 − β₁)d; v' = β₂v + (1 − β₂)d²;
;; v̂ = max(v̂, v') with amsgrad; p' = p + m'/(√v̂/√(1 − β₂ᵗ) + ε)·(−lr/(1 − β₁ᵗ)).
(func $adam_segment (param $d i32) (param $r i32)
  (local $flags i32) (local $i i32) (local $end i32)
  (local $p i32) (local $g i32) (local $m i32) (local $v i32) (local $a i32)
  (local $o i32) (local $om i32) (local $ov i32) (local $oa i32)
  (local $wd v128) (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $eps v128) (local $decay v128)
  (local $bc2 v128) (local $nst v128) (local $x v128) (local $dd v128) (local $mm v128) (local $vv v128) (local $aa v128)
  (local.set $flags (i32.load offset=8 (local.get $d)))
  (local.set $wd (f32x4.splat (f32.load offset=24 (local.get $d))))
  (local.set $b1 (f32x4.splat (f32.load offset=28 (local.get $d))))
  (local.set $c1 (f32x4.splat (f32.load offset=32 (local.get $d))))
  (local.set $b2 (f32x4.splat (f32.load offset=36 (local.get $d))))
  (local.set $c2 (f32x4.splat (f32.load offset=40 (local.get $d))))
  (local.set $eps (f32x4.splat (f32.load offset=44 (local.get $d))))
  (local.set $decay (f32x4.splat (f32.load offset=48 (local.get $d))))
  (local.set $bc2 (f32x4.splat (f32.load offset=40 (local.get $r))))
  (local.set $nst (f32x4.splat (f32.load offset=44 (local.get $r))))
  (local.set $end (i32.shl (i32.load (local.get $r)) (i32.const 2)))
  (local.set $p (i32.load offset=4 (local.get $r)))
  (local.set $g (i32.load offset=8 (local.get $r)))
  (local.set $m (i32.load offset=12 (local.get $r)))
  (local.set $v (i32.load offset=16 (local.get $r)))
  (local.set $a (i32.load offset=20 (local.get $r)))
  (local.set $o (i32.load offset=24 (local.get $r)))
  (local.set $om (i32.load offset=28 (local.get $r)))
  (local.set $ov (i32.load offset=32 (local.get $r)))
  (local.set $oa (i32.load offset=36 (local.get $r)))
  (block $done
    (loop $v4
      (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
      (local.set $dd (v128.load (i32.add (local.get $g) (local.get $i))))
      (if (i32.and (local.get $flags) (i32.const 1)) (then (local.set $dd (f32x4.neg (local.get $dd)))))
      (local.set $x (v128.load (i32.add (local.get $p) (local.get $i))))
      (if (i32.and (local.get $flags) (i32.const 4))
        (then (local.set $x (f32x4.mul (local.get $x) (local.get $decay))))
        (else
          (if (i32.and (local.get $flags) (i32.const 2))
            (then (local.set $dd (f32x4.add (local.get $dd) (f32x4.mul (local.get $x) (local.get $wd))))))))
      (local.set $mm (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
        (f32x4.mul (local.get $dd) (local.get $c1))))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $dd) (local.get $dd)) (local.get $c2))))
      (v128.store (i32.add (local.get $om) (local.get $i)) (local.get $mm))
      (v128.store (i32.add (local.get $ov) (local.get $i)) (local.get $vv))
      (if (i32.and (local.get $flags) (i32.const 32))
        (then
          ;; maximum as the tensor op selects it: a !== a || a > v ? a : v
          (local.set $aa (v128.load (i32.add (local.get $a) (local.get $i))))
          (local.set $vv (v128.bitselect (local.get $aa) (local.get $vv)
            (v128.or (f32x4.ne (local.get $aa) (local.get $aa)) (f32x4.gt (local.get $aa) (local.get $vv)))))
          (v128.store (i32.add (local.get $oa) (local.get $i)) (local.get $vv))))
      (v128.store (i32.add (local.get $o) (local.get $i))
        (f32x4.add (local.get $x)
          (f32x4.mul
            (f32x4.div (local.get $mm) (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (local.get $bc2)) (local.get $eps)))
            (local.get $nst))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $v4))))
