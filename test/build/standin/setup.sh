#!/bin/bash
# Turns a Debian root filesystem into a stand-in for the RHEL bootc base image: the bootc
# filesystem layout (/home, /root, /opt, /srv, /mnt and /usr/local live in /var), RHEL's groups
# and shell, one RHEL kernel under /usr/lib/modules with an initramfs no package owns, the config
# files edge2bootc edits, and the units RHEL's base image ships. Run once, inside the image.
set -euo pipefail
state=/usr/share/e2b-standin
kver=5.14.0-570.el9.x86_64
echo "$kver" > "$state/kver"
# The RHEL major the stand-in plays (tier.ts derives a RHEL 10 variant that writes 10 here).
echo 9 > "$state/major"
: > "$state/installed"
: > "$state/owned"

# RHEL's /bin/sh is bash (RUN lines are run with /bin/sh -c).
ln -sf bash /usr/bin/sh

# Groups RHEL has and Debian lacks.
getent group wheel >/dev/null || groupadd -r wheel
# Accounts of RHEL's setup package that Debian lacks (setup's uidgid table,
# https://pagure.io/setup/blob/master/f/uidgid), so useradd of one fails here as on RHEL (exit 9)
# and usermod finds it, with RHEL's primary groups where they exist here (operator's is root).
# Debian gives uids 3, 6 and 7 to others, so adm, shutdown and halt get free system uids.
for account in adm:::adm shutdown:::0 halt:::0 operator:11:/root:0 ftp:14:/var/ftp:; do
  IFS=: read -r name uid home group <<< "$account"
  getent passwd "$name" >/dev/null ||
    useradd -r ${uid:+-u "$uid"} ${group:+-g "$group"} -d "${home:-/sbin}" -M -s /usr/sbin/nologin "$name"
done

# bootc's layout (bootc docs, "filesystem"): these are symlinks into /var.
for pair in home:var/home root:var/roothome opt:var/opt srv:var/srv mnt:var/mnt usr/local:../var/usrlocal; do
  link=/${pair%%:*} target=${pair#*:}
  real=/var/${target#*var/}
  mkdir -p "$real"
  if [[ -d $link && ! -L $link ]]; then cp -a "$link/." "$real/"; rm -rf "$link"; fi
  ln -sfn "$target" "$link"
done
chmod 0700 /var/roothome

# One kernel, as in the base image: vmlinuz and modules belong to RPMs, initramfs.img does not.
rm -rf /usr/lib/modules && mkdir -p /usr/lib/modules
dnf -y install kernel kernel-core kernel-modules kernel-modules-core kernel-modules-extra rhel-bootc-base
echo "initramfs for $kver" > "/usr/lib/modules/$kver/initramfs.img"
# The boot loader is installed, but its /boot/efi files are not in the image: bootupd installs
# them on the target from its own copy ("shim-x64 is marked installed but the files are not in
# the expected place", osbuild/image-builder#2040), so a dnf install of them changes nothing.
dnf -y install shim-x64 grub2-efi-x64 grub2-common
rm -rf /boot/efi

# Configuration files edge2bootc edits with sed or expects to exist.
printf 'pool 2.rhel.pool.ntp.org iburst\ndriftfile /var/lib/chrony/drift\nmakestep 1.0 3\n' > /etc/chrony.conf
mkdir -p /etc/dnf/plugins /etc/dnf/vars /etc/rhsm
printf '[main]\nenabled=1\n' > /etc/dnf/plugins/product-id.conf
printf '[main]\nenabled=1\n' > /etc/dnf/plugins/subscription-manager.conf
printf '[rhsm]\nmanage_repos = 1\nauto_enable_yum_plugins = 1\n\n[rhsmcertd]\nauto_registration = 0\n' > /etc/rhsm/rhsm.conf
mkdir -p /etc/yum.repos.d /etc/pki/rpm-gpg /etc/pki/ca-trust/source/anchors /usr/lib/bootc/kargs.d \
  /usr/share/containers/systemd /etc/containers/registries.conf.d /etc/ssh/sshd_config.d /etc/sudoers.d \
  /etc/crypto-policies /usr/lib/sysusers.d /usr/lib/tmpfiles.d
echo DEFAULT > /etc/crypto-policies/config

# redhat-release's signing key, which blueprints import with rpm.import_keys.
printf -- '-----BEGIN PGP PUBLIC KEY BLOCK-----\nstand-in\n-----END PGP PUBLIC KEY BLOCK-----\n' > /etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release
: > /var/log/e2b-standin.log
