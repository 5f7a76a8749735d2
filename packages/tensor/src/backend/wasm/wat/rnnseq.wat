;; LSTM and GRU steps of a whole-sequence loop (the rnnSequence primitive): the forward keeps the step's
;; activations so the backward needs no exp or tanh. Four hidden units per lane group; H a multiple of 4.
;; The values are those of rnn.wat's step kernels ($exp4, $sigmoid4, $tanh4, $pre4, $one_minus), bit for
;; bit on every non-NaN input (a NaN gives a NaN), but nothing here calls a function per lane group: a
;; wasm call spills every live vector around it (the engine keeps no vector register across calls),
;; which cost more than the arithmetic. The clamps are pmin/pmax (one instruction each; min/max order
;; NaN and ±0, which no clamp bound here is), and exp's n is rounded by adding 1.5·2²³ (exact for
;; |n| < 2²², as nearest) so its bits give 2ⁿ without a float-to-int conversion. A row's pre-activations go to the activations buffer first, and one loop per function
;; (σ, tanh) then runs over each gate's span of the row in place.

;; σ over n bytes at p, in place: 1 / (1 + e⁻ˣ) with rnn.wat's $exp4, inlined.
(func $sigmoid_span (param $p i32) (param $n i32)
  (local $end i32) (local $x v128) (local $t v128) (local $k v128) (local $z v128) (local $y v128)
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (loop $L
    (local.set $x (f32x4.neg (v128.load (local.get $p))))
    (local.set $x (f32x4.pmin (f32x4.pmax (local.get $x) (f32x4.splat (f32.const -87.3))) (f32x4.splat (f32.const 88.3))))
    ;; n = nearest(x·log₂e), |n| ≤ 127, rounded by adding 1.5·2²³: t holds n in its low mantissa bits
    (local.set $t (f32x4.add (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504088896341))) (f32x4.splat (f32.const 12582912))))
    (local.set $k (f32x4.sub (local.get $t) (f32x4.splat (f32.const 12582912))))
    (local.set $x (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (f32x4.splat (f32.const 0.693359375)))))
    (local.set $x (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $y (f32x4.add (f32x4.mul (f32x4.splat (f32.const 1.9875691500e-4)) (local.get $x)) (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (f32x4.splat (f32.const 5.0000001201e-1))))
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (local.get $z)) (local.get $x)) (f32x4.splat (f32.const 1))))
    (local.set $y (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (local.get $t) (i32x4.splat (i32.const -1262485377))) (i32.const 23))))
    (v128.store (local.get $p) (f32x4.div (f32x4.splat (f32.const 1)) (f32x4.add (f32x4.splat (f32.const 1)) (local.get $y))))
    (br_if $L (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (local.get $end)))))

;; tanh over n bytes at p, in place: rnn.wat's $tanh4, inlined.
(func $tanh_span (param $p i32) (param $n i32)
  (local $end i32) (local $x v128) (local $z v128) (local $u v128) (local $q v128)
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (loop $L
    (local.set $x (f32x4.pmin (f32x4.pmax (v128.load (local.get $p)) (f32x4.splat (f32.const -7.90531110763549805))) (f32x4.splat (f32.const 7.90531110763549805))))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (f32x4.splat (f32.const -2.76076847742355e-16))) (f32x4.splat (f32.const 2.00018790482477e-13))))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (local.get $u)) (f32x4.splat (f32.const -8.60467152213735e-11))))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (local.get $u)) (f32x4.splat (f32.const 5.12229709037114e-08))))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (local.get $u)) (f32x4.splat (f32.const 1.48572235717979e-05))))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (local.get $u)) (f32x4.splat (f32.const 6.37261928875436e-04))))
    (local.set $u (f32x4.add (f32x4.mul (local.get $z) (local.get $u)) (f32x4.splat (f32.const 4.89352455891786e-03))))
    (local.set $u (f32x4.mul (local.get $x) (local.get $u)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $z) (f32x4.splat (f32.const 1.19825839466702e-06))) (f32x4.splat (f32.const 1.18534705686654e-04))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $z) (local.get $q)) (f32x4.splat (f32.const 2.26843463243900e-03))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $z) (local.get $q)) (f32x4.splat (f32.const 4.89352518554385e-03))))
    (v128.store (local.get $p)
      (f32x4.pmin (f32x4.pmax (f32x4.div (local.get $u) (local.get $q)) (f32x4.splat (f32.const -1))) (f32x4.splat (f32.const 1))))
    (br_if $L (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (local.get $end)))))

;; Forward: gates [N, 4H] (row stride gs) plus, unless b is 0, the bias [4H] at b (added to the gates
;; first: (g + b) + gh, the bits of adding it to the gates beforehand), plus gh [N, 4H] (row stride ghs;
;; required), c [N, H] (row stride cs) → out [N, 2H] = [h', c'] and act [N, 5H] = [σ(i), σ(f), tanh(g),
;; σ(o), tanh(c')], both dense.
(func $lstm_cell_act (export "lstm_cell_act") (param $g i32) (param $gs i32) (param $b i32) (param $gh i32) (param $ghs i32) (param $c i32) (param $cs i32)
  (param $o i32) (param $a i32) (param $N i32) (param $H i32)
  (local $hb i32) (local $j i32) (local $c2 v128)
  (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
  (loop $rows
    ;; the pre-activations (g + b) + gh into act's first four parts, then σ, tanh, σ over them in place
    (local.set $j (i32.const 0))
    (if (local.get $b)
      (then
        (loop $pre_b
          (v128.store (i32.add (local.get $a) (local.get $j))
            (f32x4.add (f32x4.add (v128.load (i32.add (local.get $g) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j))))
              (v128.load (i32.add (local.get $gh) (local.get $j)))))
          (br_if $pre_b (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (i32.shl (local.get $hb) (i32.const 2))))))
      (else
        (loop $pre
          (v128.store (i32.add (local.get $a) (local.get $j))
            (f32x4.add (v128.load (i32.add (local.get $g) (local.get $j))) (v128.load (i32.add (local.get $gh) (local.get $j)))))
          (br_if $pre (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (i32.shl (local.get $hb) (i32.const 2)))))))
    (call $sigmoid_span (local.get $a) (i32.shl (local.get $hb) (i32.const 1)))
    (call $tanh_span (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 1))) (local.get $hb))
    (call $sigmoid_span (i32.add (local.get $a) (i32.mul (local.get $hb) (i32.const 3))) (local.get $hb))
    ;; c' = f·c + i·g, to out and to act's fifth part (tanh'd there)
    (local.set $j (i32.const 0))
    (loop $cell
      (local.set $c2 (f32x4.add
        (f32x4.mul (v128.load (i32.add (i32.add (local.get $a) (local.get $hb)) (local.get $j))) (v128.load (i32.add (local.get $c) (local.get $j))))
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $j)))
          (v128.load (i32.add (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j))))))
      (v128.store (i32.add (i32.add (local.get $o) (local.get $hb)) (local.get $j)) (local.get $c2))
      (v128.store (i32.add (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 2))) (local.get $j)) (local.get $c2))
      (br_if $cell (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (call $tanh_span (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 2))) (local.get $hb))
    ;; h' = σ(o)·tanh(c')
    (local.set $j (i32.const 0))
    (loop $out
      (v128.store (i32.add (local.get $o) (local.get $j))
        (f32x4.mul (v128.load (i32.add (i32.add (local.get $a) (i32.mul (local.get $hb) (i32.const 3))) (local.get $j)))
          (v128.load (i32.add (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 2))) (local.get $j)))))
      (br_if $out (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (local.set $g (i32.add (local.get $g) (i32.shl (local.get $gs) (i32.const 2))))
    (local.set $gh (i32.add (local.get $gh) (i32.shl (local.get $ghs) (i32.const 2))))
    (local.set $c (i32.add (local.get $c) (i32.shl (local.get $cs) (i32.const 2))))
    (local.set $o (i32.add (local.get $o) (i32.shl (local.get $hb) (i32.const 1))))
    (local.set $a (i32.add (local.get $a) (i32.mul (local.get $hb) (i32.const 5))))
    (br_if $rows (local.tee $N (i32.sub (local.get $N) (i32.const 1))))))

;; Backward from the saved activations: act [N, 5H] (dense), c [N, H] (row stride cs), the gradient of h'
;; as dh (row stride hs) plus, unless dy is 0, dy (row stride ys), and that of c' (row stride ds), each
;; [N, H] → dgates [N, 4H] and dc [N, H], dense. (Adding dy here spares an add per step.)
(func $lstm_cell_act_bwd (export "lstm_cell_act_bwd") (param $a i32) (param $c i32) (param $cs i32) (param $dh i32) (param $hs i32) (param $dy i32) (param $ys i32) (param $d i32) (param $ds i32)
  (param $dx i32) (param $dc i32) (param $N i32) (param $H i32)
  (local $hb i32) (local $j i32) (local $s i32) (local $q i32)
  (local $i v128) (local $f v128) (local $gg v128) (local $oo v128) (local $tc v128) (local $h v128) (local $dc2 v128) (local $one v128)
  (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
  (local.set $one (f32x4.splat (f32.const 1)))
  (loop $rows
    (local.set $j (i32.const 0))
    (loop $cols
      (local.set $s (i32.add (local.get $a) (local.get $j)))
      (local.set $i (v128.load (local.get $s)))
      (local.set $f (v128.load (i32.add (local.get $s) (local.get $hb))))
      (local.set $gg (v128.load (i32.add (local.get $s) (i32.shl (local.get $hb) (i32.const 1)))))
      (local.set $oo (v128.load (i32.add (local.get $s) (i32.mul (local.get $hb) (i32.const 3)))))
      (local.set $tc (v128.load (i32.add (local.get $s) (i32.shl (local.get $hb) (i32.const 2)))))
      (local.set $h (v128.load (i32.add (local.get $dh) (local.get $j))))
      (if (local.get $dy) (then (local.set $h (f32x4.add (local.get $h) (v128.load (i32.add (local.get $dy) (local.get $j)))))))
      (local.set $dc2 (f32x4.add (v128.load (i32.add (local.get $d) (local.get $j)))
        (f32x4.mul (f32x4.mul (local.get $h) (local.get $oo)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc))))))
      (local.set $q (i32.add (local.get $dx) (local.get $j)))
      (v128.store (local.get $q)
        (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc2) (local.get $gg)) (local.get $i)) (f32x4.sub (local.get $one) (local.get $i))))
      (v128.store (i32.add (local.get $q) (local.get $hb))
        (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc2) (v128.load (i32.add (local.get $c) (local.get $j)))) (local.get $f)) (f32x4.sub (local.get $one) (local.get $f))))
      (v128.store (i32.add (local.get $q) (i32.shl (local.get $hb) (i32.const 1)))
        (f32x4.mul (f32x4.mul (local.get $dc2) (local.get $i)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $gg) (local.get $gg)))))
      (v128.store (i32.add (local.get $q) (i32.mul (local.get $hb) (i32.const 3)))
        (f32x4.mul (f32x4.mul (f32x4.mul (local.get $h) (local.get $tc)) (local.get $oo)) (f32x4.sub (local.get $one) (local.get $oo))))
      (v128.store (i32.add (local.get $dc) (local.get $j)) (f32x4.mul (local.get $dc2) (local.get $f)))
      (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (local.set $a (i32.add (local.get $a) (i32.mul (local.get $hb) (i32.const 5))))
    (local.set $c (i32.add (local.get $c) (i32.shl (local.get $cs) (i32.const 2))))
    (local.set $dh (i32.add (local.get $dh) (i32.shl (local.get $hs) (i32.const 2))))
    (local.set $dy (call $at (local.get $dy) (i32.shl (local.get $ys) (i32.const 2))))
    (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ds) (i32.const 2))))
    (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $hb) (i32.const 2))))
    (local.set $dc (i32.add (local.get $dc) (local.get $hb)))
    (br_if $rows (local.tee $N (i32.sub (local.get $N) (i32.const 1))))))

;; GRU step of a sequence loop: gi [N, 3H] (row stride is) plus b_ih [3H] at bi (0: none; gi + b_ih is
;; formed first, the bits of adding it beforehand), gh = h·W_hhᵀ [N, 3H] (row stride hs), b_hh [3H]
;; at b (0: none), h [N, H] (row stride ss) → out [N, H] (as gru_cell on gh + b_hh) and act [N, 4H] =
;; [r, z, n, gh_n + b_n], both dense.
(func $gru_cell_act (export "gru_cell_act") (param $gi i32) (param $is i32) (param $bi i32) (param $gh i32) (param $hs i32) (param $b i32) (param $h i32) (param $ss i32)
  (param $o i32) (param $a i32) (param $N i32) (param $H i32)
  (local $hb i32) (local $j i32) (local $hn v128) (local $n v128) (local $x v128)
  (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
  (loop $rows
    ;; r and z: σ((gi + b_ih) + (gh + b)) over act's first two parts
    (local.set $j (i32.const 0))
    (loop $pre
      (local.set $hn (v128.load (i32.add (local.get $gh) (local.get $j))))
      (if (local.get $b) (then (local.set $hn (f32x4.add (local.get $hn) (v128.load (i32.add (local.get $b) (local.get $j)))))))
      (local.set $x (v128.load (i32.add (local.get $gi) (local.get $j))))
      (if (local.get $bi) (then (local.set $x (f32x4.add (local.get $x) (v128.load (i32.add (local.get $bi) (local.get $j)))))))
      (v128.store (i32.add (local.get $a) (local.get $j)) (f32x4.add (local.get $x) (local.get $hn)))
      (br_if $pre (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (i32.shl (local.get $hb) (i32.const 1)))))
    (call $sigmoid_span (local.get $a) (i32.shl (local.get $hb) (i32.const 1)))
    ;; gh_n + b_n to act's fourth part, gi_n + r·(gh_n + b_n) to its third (tanh'd there)
    (local.set $j (i32.const 0))
    (loop $hidden
      (local.set $hn (v128.load (i32.add (i32.add (local.get $gh) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j))))
      (if (local.get $b)
        (then (local.set $hn (f32x4.add (local.get $hn) (v128.load (i32.add (i32.add (local.get $b) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j)))))))
      (v128.store (i32.add (i32.add (local.get $a) (i32.mul (local.get $hb) (i32.const 3))) (local.get $j)) (local.get $hn))
      (local.set $x (v128.load (i32.add (i32.add (local.get $gi) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j))))
      (if (local.get $bi)
        (then (local.set $x (f32x4.add (local.get $x) (v128.load (i32.add (i32.add (local.get $bi) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j)))))))
      (v128.store (i32.add (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j))
        (f32x4.add (local.get $x) (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $j))) (local.get $hn))))
      (br_if $hidden (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (call $tanh_span (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 1))) (local.get $hb))
    ;; h' = n + z·(h − n)
    (local.set $j (i32.const 0))
    (loop $out
      (local.set $n (v128.load (i32.add (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 1))) (local.get $j))))
      (v128.store (i32.add (local.get $o) (local.get $j))
        (f32x4.add (local.get $n) (f32x4.mul (v128.load (i32.add (i32.add (local.get $a) (local.get $hb)) (local.get $j)))
          (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $j))) (local.get $n)))))
      (br_if $out (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (local.set $gi (i32.add (local.get $gi) (i32.shl (local.get $is) (i32.const 2))))
    (local.set $gh (i32.add (local.get $gh) (i32.shl (local.get $hs) (i32.const 2))))
    (local.set $h (i32.add (local.get $h) (i32.shl (local.get $ss) (i32.const 2))))
    (local.set $o (i32.add (local.get $o) (local.get $hb)))
    (local.set $a (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 2))))
    (br_if $rows (local.tee $N (i32.sub (local.get $N) (i32.const 1))))))

;; Its gradient from the activations: act [N, 4H] (dense), h [N, H] (row stride ss), dOut [N, H] given as
;; (d + e) + f (row strides ds, es, fs; e and f may be 0: absent) → dgi [N, 3H], dgh [N, 3H] (also b_hh's),
;; dh [N, H], dense. (The parts are added here: no add per step.)
(func $gru_cell_act_bwd (export "gru_cell_act_bwd") (param $a i32) (param $h i32) (param $ss i32) (param $d i32) (param $ds i32) (param $e i32) (param $es i32) (param $f i32) (param $fs i32)
  (param $dx i32) (param $dy i32) (param $dh i32) (param $N i32) (param $H i32)
  (local $hb i32) (local $j i32) (local $p i32) (local $q i32) (local $one v128)
  (local $r v128) (local $z v128) (local $n v128) (local $hn v128) (local $gr v128) (local $dn v128) (local $dr v128) (local $dz v128)
  (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
  (local.set $one (f32x4.splat (f32.const 1)))
  (loop $rows
    (local.set $j (i32.const 0))
    (loop $cols
      (local.set $p (i32.add (local.get $a) (local.get $j)))
      (local.set $r (v128.load (local.get $p)))
      (local.set $z (v128.load (i32.add (local.get $p) (local.get $hb))))
      (local.set $n (v128.load (i32.add (local.get $p) (i32.shl (local.get $hb) (i32.const 1)))))
      (local.set $hn (v128.load (i32.add (local.get $p) (i32.mul (local.get $hb) (i32.const 3)))))
      (local.set $gr (v128.load (i32.add (local.get $d) (local.get $j))))
      (if (local.get $e) (then (local.set $gr (f32x4.add (local.get $gr) (v128.load (i32.add (local.get $e) (local.get $j)))))))
      (if (local.get $f) (then (local.set $gr (f32x4.add (local.get $gr) (v128.load (i32.add (local.get $f) (local.get $j)))))))
      (local.set $dn (f32x4.mul (f32x4.mul (local.get $gr) (f32x4.sub (local.get $one) (local.get $z))) (f32x4.sub (local.get $one) (f32x4.mul (local.get $n) (local.get $n)))))
      (local.set $dr (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dn) (local.get $hn)) (local.get $r)) (f32x4.sub (local.get $one) (local.get $r))))
      (local.set $dz (f32x4.mul (f32x4.mul (f32x4.mul (local.get $gr)
        (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $j))) (local.get $n))) (local.get $z)) (f32x4.sub (local.get $one) (local.get $z))))
      (local.set $p (i32.add (local.get $dx) (local.get $j)))
      (local.set $q (i32.add (local.get $dy) (local.get $j)))
      (v128.store (local.get $p) (local.get $dr))
      (v128.store (i32.add (local.get $p) (local.get $hb)) (local.get $dz))
      (v128.store (i32.add (local.get $p) (i32.shl (local.get $hb) (i32.const 1))) (local.get $dn))
      (v128.store (local.get $q) (local.get $dr))
      (v128.store (i32.add (local.get $q) (local.get $hb)) (local.get $dz))
      (v128.store (i32.add (local.get $q) (i32.shl (local.get $hb) (i32.const 1))) (f32x4.mul (local.get $dn) (local.get $r)))
      (v128.store (i32.add (local.get $dh) (local.get $j)) (f32x4.mul (local.get $gr) (local.get $z)))
      (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $hb))))
    (local.set $a (i32.add (local.get $a) (i32.shl (local.get $hb) (i32.const 2))))
    (local.set $h (i32.add (local.get $h) (i32.shl (local.get $ss) (i32.const 2))))
    (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ds) (i32.const 2))))
    (local.set $e (call $at (local.get $e) (i32.shl (local.get $es) (i32.const 2))))
    (local.set $f (call $at (local.get $f) (i32.shl (local.get $fs) (i32.const 2))))
    (local.set $dx (i32.add (local.get $dx) (i32.mul (local.get $hb) (i32.const 3))))
    (local.set $dy (i32.add (local.get $dy) (i32.mul (local.get $hb) (i32.const 3))))
    (local.set $dh (i32.add (local.get $dh) (local.get $hb)))
    (br_if $rows (local.tee $N (i32.sub (local.get $N) (i32.const 1))))))

;; The four kernels above as tasks of the thread pool, each part a block of rows. Descriptor (i32 words):
;; 0 kind, 1 rows per part, 2 N, 3 H, then per kernel argument before N (in its order) a pair: the value
;; and the bytes it moves per row (0 for strides and for arguments every row shares; a 0 value, an absent
;; operand, stays 0). Every row is computed as in a whole call, so any split gives the same bits.
(func $row_arg (param $d i32) (param $k i32) (param $r0 i32) (result i32)
  (local $v i32)
  (local.set $d (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 3))))
  (local.set $v (i32.load offset=16 (local.get $d)))
  (select (i32.add (local.get $v) (i32.mul (local.get $r0) (i32.load offset=20 (local.get $d)))) (i32.const 0) (local.get $v)))

;; The first row of a part, and (as the result) its rows: at least 1, since parts = ⌈N / rows per part⌉.
(func $part_rows (param $d i32) (param $part i32) (result i32 i32)
  (local $r0 i32) (local $m i32)
  (local.set $r0 (i32.mul (local.get $part) (i32.load offset=4 (local.get $d))))
  (local.set $m (i32.sub (i32.load offset=8 (local.get $d)) (local.get $r0)))
  (if (i32.gt_s (local.get $m) (i32.load offset=4 (local.get $d))) (then (local.set $m (i32.load offset=4 (local.get $d)))))
  (local.get $r0) (local.get $m))

(func $task_lstm_act (param $d i32) (param $part i32) (param $tid i32)
  (local $r0 i32) (local $m i32)
  (call $part_rows (local.get $d) (local.get $part))
  (local.set $m)
  (local.set $r0)
  (call $lstm_cell_act
    (call $row_arg (local.get $d) (i32.const 0) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 1) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 2) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 3) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 4) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 5) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 6) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 7) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 8) (local.get $r0))
    (local.get $m) (i32.load offset=12 (local.get $d))))

(func $task_lstm_act_bwd (param $d i32) (param $part i32) (param $tid i32)
  (local $r0 i32) (local $m i32)
  (call $part_rows (local.get $d) (local.get $part))
  (local.set $m)
  (local.set $r0)
  (call $lstm_cell_act_bwd
    (call $row_arg (local.get $d) (i32.const 0) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 1) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 2) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 3) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 4) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 5) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 6) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 7) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 8) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 9) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 10) (local.get $r0))
    (local.get $m) (i32.load offset=12 (local.get $d))))

(func $task_gru_act (param $d i32) (param $part i32) (param $tid i32)
  (local $r0 i32) (local $m i32)
  (call $part_rows (local.get $d) (local.get $part))
  (local.set $m)
  (local.set $r0)
  (call $gru_cell_act
    (call $row_arg (local.get $d) (i32.const 0) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 1) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 2) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 3) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 4) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 5) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 6) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 7) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 8) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 9) (local.get $r0))
    (local.get $m) (i32.load offset=12 (local.get $d))))

(func $task_gru_act_bwd (param $d i32) (param $part i32) (param $tid i32)
  (local $r0 i32) (local $m i32)
  (call $part_rows (local.get $d) (local.get $part))
  (local.set $m)
  (local.set $r0)
  (call $gru_cell_act_bwd
    (call $row_arg (local.get $d) (i32.const 0) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 1) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 2) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 3) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 4) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 5) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 6) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 7) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 8) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 9) (local.get $r0))
    (call $row_arg (local.get $d) (i32.const 10) (local.get $r0)) (call $row_arg (local.get $d) (i32.const 11) (local.get $r0))
    (local.get $m) (i32.load offset=12 (local.get $d))))
