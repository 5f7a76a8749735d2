"""PyTorch peers of @dnn/generative's bench rows, built layer for layer like the dnn models
(ConvEncoder/ConvDecoder with channels 32, 64 and latent 20; DCGAN with f = 64 and latent 100)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvVAE(nn.Module):
    def __init__(self, latent=20):
        super().__init__()
        self.latent = latent
        self.conv1, self.conv2 = nn.Conv2d(1, 32, 4, 2, 1), nn.Conv2d(32, 64, 4, 2, 1)
        self.enc_fc = nn.Linear(64 * 7 * 7, 2 * latent)
        self.dec_fc = nn.Linear(latent, 64 * 7 * 7)
        self.deconv1, self.deconv2 = nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def loss(self, x):
        h = F.relu(self.conv2(F.relu(self.conv1(x)))).flatten(1)
        mu, logvar = self.enc_fc(h).chunk(2, 1)
        z = mu + (0.5 * logvar).exp() * torch.randn_like(mu)
        d = F.relu(self.dec_fc(z)).reshape(-1, 64, 7, 7)
        logits = self.deconv2(F.relu(self.deconv1(d)))
        rec = -F.binary_cross_entropy_with_logits(logits, x, reduction='none').flatten(1).sum(1)
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1)
        return (kl - rec).mean()


def conv_vae_step(batch):
    vae = ConvVAE()
    opt = torch.optim.Adam(vae.parameters(), lr=1e-3)
    x = torch.bernoulli(torch.full((batch, 1, 28, 28), 0.3))

    def step():
        opt.zero_grad()
        loss = vae.loss(x)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def dcgan_step(batch, latent=100, f=64):
    gen = nn.Sequential(
        nn.Linear(latent, 2 * f * 7 * 7), nn.Unflatten(1, (2 * f, 7, 7)), nn.BatchNorm2d(2 * f), nn.ReLU(),
        nn.ConvTranspose2d(2 * f, f, 4, 2, 1), nn.BatchNorm2d(f), nn.ReLU(),
        nn.ConvTranspose2d(f, 1, 4, 2, 1), nn.Tanh())
    disc = nn.Sequential(
        nn.Conv2d(1, f, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(f, 2 * f, 4, 2, 1), nn.BatchNorm2d(2 * f), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(2 * f * 7 * 7, 1), nn.Flatten(0))
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.999))
    x = torch.tanh(torch.randn(batch, 1, 28, 28))
    bce = F.binary_cross_entropy_with_logits

    def step():
        with torch.no_grad():
            fake = gen(torch.randn(batch, latent))
        opt_d.zero_grad()
        real_l, fake_l = disc(x), disc(fake)
        loss_d = bce(real_l, torch.ones_like(real_l)) + bce(fake_l, torch.zeros_like(fake_l))
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        out = disc(gen(torch.randn(batch, latent)))
        loss_g = bce(out, torch.ones_like(out))
        loss_g.backward()
        opt_d.zero_grad()
        opt_g.step()
        return loss_d.item(), loss_g.item()
    return step


BUILDERS = {'conv-vae-train': conv_vae_step, 'dcgan-train': dcgan_step}
