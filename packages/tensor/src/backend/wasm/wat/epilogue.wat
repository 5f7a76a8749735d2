;; A layer's epilogue (backend `biasActivation`): out = act(x + bias) with the bias along one axis of x,
;; seen as [outer, C, inner]; act is relu (v < 0 ? 0 : v, the unary op's bits: NaN and −0 pass) or none.
;; A row is either one channel's plane (inner > 1: a scalar bias) or, when inner = 1 (a linear layer's
;; [N, C] output), one item's C features (a bias vector). Each element is one float32 add, then relu, so
;; the add-then-relu pair's bits; parts are blocks of rows, so any split gives the same bits.
;;
;; Descriptor (i32 words): 0 kind, 1 rows, 2 row length, 3 C, 4 x, 5 bias, 6 out, 7 rows per part,
;; 8 relu (1) or none (0), 9 vector rows (1) or planes (0).

(func $bias_act_row (param $x i32) (param $o i32) (param $n i32) (param $b i32) (param $vec i32) (param $relu i32)
  (local $i i32) (local $e i32) (local $v v128) (local $bv v128) (local $s f32) (local $bs f32)
  (local.set $e (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
  (local.set $n (i32.shl (local.get $n) (i32.const 2)))
  (local.set $bs (f32.load (local.get $b)))
  (local.set $bv (f32x4.splat (local.get $bs)))
  (block $vd
    (loop $v4
      (br_if $vd (i32.ge_u (local.get $i) (local.get $e)))
      (if (local.get $vec) (then (local.set $bv (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $v (f32x4.add (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $bv)))
      (if (local.get $relu)
        (then (local.set $v (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))))))
      (v128.store (i32.add (local.get $o) (local.get $i)) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $v4)))
  (block $td
    (loop $t
      (br_if $td (i32.ge_u (local.get $i) (local.get $n)))
      (if (local.get $vec) (then (local.set $bs (f32.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $s (f32.add (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $bs)))
      (if (local.get $relu)
        (then (local.set $s (select (f32.const 0) (local.get $s) (f32.lt (local.get $s) (f32.const 0))))))
      (f32.store (i32.add (local.get $o) (local.get $i)) (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $t))))

(func $task_bias_act (param $d i32) (param $part i32) (param $tid i32)
  (local $r i32) (local $end i32) (local $len i32) (local $C i32) (local $vec i32) (local $off i32) (local $b i32)
  (local.set $len (i32.load offset=8 (local.get $d)))
  (local.set $C (i32.load offset=12 (local.get $d)))
  (local.set $vec (i32.load offset=36 (local.get $d)))
  (local.set $r (i32.mul (local.get $part) (i32.load offset=28 (local.get $d))))
  (local.set $end (i32.add (local.get $r) (i32.load offset=28 (local.get $d))))
  (if (i32.gt_u (local.get $end) (i32.load offset=4 (local.get $d)))
    (then (local.set $end (i32.load offset=4 (local.get $d)))))
  (block $done
    (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
      (local.set $off (i32.shl (i32.mul (local.get $r) (local.get $len)) (i32.const 2)))
      (local.set $b (i32.load offset=20 (local.get $d)))
      (if (i32.eqz (local.get $vec))
        (then (local.set $b (i32.add (local.get $b) (i32.shl (i32.rem_u (local.get $r) (local.get $C)) (i32.const 2))))))
      (call $bias_act_row
        (i32.add (i32.load offset=16 (local.get $d)) (local.get $off))
        (i32.add (i32.load offset=24 (local.get $d)) (local.get $off))
        (local.get $len) (local.get $b) (local.get $vec) (i32.load offset=32 (local.get $d)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))
