#!/usr/bin/env bash
# A single-node Slurm cluster on loopback, for trying and testing `quasar sweep --backend slurm`
# on one machine. Installs Debian's slurm-wlm and munge when they are missing (only here, not in
# setup.sh), starts munged, slurmctld and slurmd with a private configuration, and waits until
# the node is idle.
#
#   scripts/slurm_local.sh [start]   start (idempotent); prints the SLURM_CONF to export
#   scripts/slurm_local.sh stop      stop the daemons started by this script (munged too, if
#                                    this script started it)
#   scripts/slurm_local.sh status    sinfo
#
# State, logs and configuration live in $QUASAR_SLURM_DIR (default /tmp/quasar-slurm);
# $QUASAR_SLURM_DIR/env.sh sets SLURM_CONF for the client commands (sbatch, squeue, sinfo).
# Needs root (or sudo): the packages, munge's key and slurmd (which runs jobs as their user).
set -euo pipefail

dir=${QUASAR_SLURM_DIR:-/tmp/quasar-slurm}
conf=$dir/slurm.conf
node=$(hostname -s)
say() { printf '[slurm_local] %s\n' "$*"; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { say "needs root or sudo"; exit 2; }
  sudo=sudo
fi

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  $sudo chown munge:munge /etc/munge/munge.key
  $sudo chmod 400 /etc/munge/munge.key
  $sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
  $sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge
  $sudo chmod 755 /run/munge
  say "starting munged"
  $sudo runuser -u munge -- /usr/sbin/munged
  $sudo mkdir -p "$dir"
  $sudo touch "$dir/munged.started" # stop ends munged only if this script started it
  for _ in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.1
  done
  say "munged does not answer"; exit 1
}

write_conf() {
  $sudo mkdir -p "$dir/state" "$dir/spool"
  # No cgroups (containers rarely have them): linuxproc process tracking, no task plugin, no
  # accounting. The node's CPUs are this machine's.
  $sudo tee "$conf" >/dev/null <<CONF
# Written by quasar scripts/slurm_local.sh: one node on loopback.
ClusterName=quasar
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  echo "export SLURM_CONF=$conf" | $sudo tee "$dir/env.sh" >/dev/null
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  install_packages
  start_munge
  write_conf
  export SLURM_CONF=$conf
  if ! running "$dir/slurmctld.pid"; then
    say "starting slurmctld"
    $sudo /usr/sbin/slurmctld -f "$conf" -c
  fi
  if ! running "$dir/slurmd.pid"; then
    say "starting slurmd"
    $sudo /usr/sbin/slurmd -f "$conf"
  fi
  for _ in $(seq 1 100); do
    state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
    if [ "$state" = "idle" ] || [ "$state" = "mixed" ] || [ "$state" = "allocated" ]; then
      say "node $node is $state; for sbatch/squeue: source $dir/env.sh"
      return
    fi
    sleep 0.2
  done
  say "the node did not come up (state '${state:-none}'); logs: $dir/slurmctld.log, $dir/slurmd.log"
  exit 1
}

stop() {
  for d in slurmd slurmctld; do
    if running "$dir/$d.pid"; then
      say "stopping $d"
      $sudo kill "$(cat "$dir/$d.pid")"
    fi
  done
  if [ -f "$dir/munged.started" ] && running /run/munge/munged.pid; then
    say "stopping munged"
    $sudo kill "$(cat /run/munge/munged.pid)"
    $sudo rm -f "$dir/munged.started"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF=$conf sinfo ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
