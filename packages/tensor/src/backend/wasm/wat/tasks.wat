;; Task dispatch: the host writes a descriptor (word 0 = task kind) into memory and every thread calls
;; run(descriptor, part, thread) for the parts it claims. Kinds index the table below, in this order.

(type $task (func (param i32 i32 i32)))
(table 29 29 funcref)
(elem (i32.const 0)
  $task_matmul $task_conv_fwd $task_conv_bwd_input $task_conv_bwd_weight
  $task_max_pool $task_avg_pool $task_avg_pool_bwd
  $task_binary $task_unary $task_sum $task_scatter_add $task_wino_fwd
  $task_wino_bwd_weight $task_rowwino $task_rowwino_dw $task_optim $task_relu_bwd
  $task_spmm $task_sddmm $task_edge_logits $task_edge_logits_bwd
  $task_seg_softmax $task_seg_softmax_bwd $task_bias_act $task_bias_relu_bwd
  $task_lstm_act $task_lstm_act_bwd $task_gru_act $task_gru_act_bwd)

(func (export "run") (param $d i32) (param $part i32) (param $tid i32)
  (call_indirect (type $task) (local.get $d) (local.get $part) (local.get $tid) (i32.load (local.get $d))))

;; Matmul descriptor (i32 words): 0 kind, 1 M, 2 N, 3 K, 4 A row stride, 5 A col stride, 6 B row stride,
;; 7 B col stride, 8 address of per-batch (a, b, c) byte addresses, 9 rows per part, 10 columns per part,
;; 11 row parts, 12 column parts, 13 workspace, 14 workspace bytes per thread, 15 B packed whole
;; (gemm-packed.wat; 0: B is read through its strides and packed per part).
;; Part p is batch p / (row parts · column parts), then a block of rows and a block of columns.
(func $task_matmul (param $d i32) (param $part i32) (param $tid i32)
  (local $M i32) (local $N i32) (local $K i32) (local $ars i32) (local $acs i32) (local $brs i32) (local $bcs i32)
  (local $rows i32) (local $cols i32) (local $rp i32) (local $cp i32) (local $bi i32) (local $r i32) (local $c i32)
  (local $trip i32) (local $m i32) (local $n i32)
  (local.set $M (i32.load offset=4 (local.get $d)))
  (local.set $N (i32.load offset=8 (local.get $d)))
  (local.set $K (i32.load offset=12 (local.get $d)))
  (local.set $ars (i32.load offset=16 (local.get $d)))
  (local.set $acs (i32.load offset=20 (local.get $d)))
  (local.set $brs (i32.load offset=24 (local.get $d)))
  (local.set $bcs (i32.load offset=28 (local.get $d)))
  (local.set $rows (i32.load offset=36 (local.get $d)))
  (local.set $cols (i32.load offset=40 (local.get $d)))
  (local.set $rp (i32.load offset=44 (local.get $d)))
  (local.set $cp (i32.load offset=48 (local.get $d)))
  (local.set $bi (i32.div_u (local.get $part) (i32.mul (local.get $rp) (local.get $cp))))
  (local.set $r (i32.rem_u (i32.div_u (local.get $part) (local.get $cp)) (local.get $rp)))
  (local.set $c (i32.rem_u (local.get $part) (local.get $cp)))
  (local.set $trip (i32.add (i32.load offset=32 (local.get $d)) (i32.mul (local.get $bi) (i32.const 12))))
  (local.set $r (i32.mul (local.get $r) (local.get $rows)))
  (local.set $c (i32.mul (local.get $c) (local.get $cols)))
  (local.set $m (i32.sub (local.get $M) (local.get $r)))
  (if (i32.gt_s (local.get $m) (local.get $rows)) (then (local.set $m (local.get $rows))))
  (local.set $n (i32.sub (local.get $N) (local.get $c)))
  (if (i32.gt_s (local.get $n) (local.get $cols)) (then (local.set $n (local.get $cols))))
  (if (i32.load offset=60 (local.get $d))
    (then
      (call $gemm_packed (local.get $m) (local.get $n) (local.get $K)
        (i32.add (i32.load (local.get $trip)) (i32.shl (i32.mul (local.get $r) (local.get $ars)) (i32.const 2))) (local.get $ars) (local.get $acs)
        (i32.load offset=60 (local.get $d)) (i32.and (i32.add (local.get $N) (i32.const 7)) (i32.const -8)) (local.get $c)
        (i32.add (i32.load offset=8 (local.get $trip)) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $N)) (local.get $c)) (i32.const 2)))
        (local.get $N)
        (i32.add (i32.load offset=52 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=56 (local.get $d))))))
    (else
  (call $gemm (local.get $m) (local.get $n) (local.get $K)
    (i32.add (i32.load (local.get $trip)) (i32.shl (i32.mul (local.get $r) (local.get $ars)) (i32.const 2))) (local.get $ars) (local.get $acs)
    (i32.add (i32.load offset=4 (local.get $trip)) (i32.shl (i32.mul (local.get $c) (local.get $bcs)) (i32.const 2))) (local.get $brs) (local.get $bcs)
    (i32.add (i32.load offset=8 (local.get $trip)) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $N)) (local.get $c)) (i32.const 2)))
    (local.get $N) (i32.const 0)
    (i32.add (i32.load offset=52 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=56 (local.get $d))))))))

;; dst[i] = Σ_p src[p·len + i] for p = 0, 1, …, parts − 1 in that order (the weight-gradient partials).
(func (export "sum_parts") (param $src i32) (param $parts i32) (param $len i32) (param $dst i32)
  (local $i i32) (local $p i32) (local $q i32) (local $v v128) (local $s f32) (local $stride i32)
  (local.set $stride (i32.shl (local.get $len) (i32.const 2)))
  (block $v4done
    (loop $v4
      (br_if $v4done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $len)))
      (local.set $q (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $v (v128.load (local.get $q)))
      (local.set $p (i32.const 1))
      (block $pd
        (loop $Lp
          (br_if $pd (i32.ge_s (local.get $p) (local.get $parts)))
          (local.set $q (i32.add (local.get $q) (local.get $stride)))
          (local.set $v (f32x4.add (local.get $v) (v128.load (local.get $q))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $Lp)))
      (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $v4)))
  (block $done
    (loop $t
      (br_if $done (i32.ge_s (local.get $i) (local.get $len)))
      (local.set $q (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $s (f32.load (local.get $q)))
      (local.set $p (i32.const 1))
      (block $pd
        (loop $Lp
          (br_if $pd (i32.ge_s (local.get $p) (local.get $parts)))
          (local.set $q (i32.add (local.get $q) (local.get $stride)))
          (local.set $s (f32.add (local.get $s) (f32.load (local.get $q))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $Lp)))
      (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $t))))

;; bytes zero bytes at dst (memory.fill: a plain memset, quicker than a typed-array fill of shared memory).
(func (export "zero") (param $dst i32) (param $bytes i32)
  (memory.fill (local.get $dst) (i32.const 0) (local.get $bytes)))
