# A throw-away single-node Slurm cluster for tests: munged, slurmctld and slurmd on
# localhost, every file (key, sockets, state, logs) in one temporary folder, ports picked
# free at start. Sourced by tests/sweep/*.sh; needs root and Debian's slurm-wlm + munge.
#
#   slurm_cluster_why_not        prints why no cluster can start here (empty: it can)
#   slurm_cluster_start DIR      starts it, exports SLURM_CONF; returns 1 with the logs on failure
#   slurm_cluster_stop           stops what slurm_cluster_start started (safe to call twice)
#
# Without systemd: munged gets its own socket folder (0755, as munged requires), slurmctld
# and slurmd run as root (SlurmUser=root), processes are tracked through /proc
# (proctrack/linuxproc) and tasks are not confined (task/none): no cgroups needed.

slurm_cluster_why_not() {
  if [[ $(id -u) -ne 0 ]]; then echo "not root (slurmd must run as root to start jobs)"; return; fi
  local tool missing=()
  for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
  done
  if ((${#missing[@]} > 0)); then echo "missing ${missing[*]} (Debian packages slurm-wlm and munge; scripts/setup.sh installs them)"; fi
}

_slurm_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

slurm_cluster_start() {
  SLURM_CLUSTER_DIR=$1
  local d=$SLURM_CLUSTER_DIR
  mkdir -p "$d/munge" "$d/state" "$d/spool"
  chmod 0755 "$d" "$d/munge"
  head -c 1024 /dev/urandom >"$d/munge.key"
  chmod 0600 "$d/munge.key"
  PATH=$PATH:/usr/sbin
  munged --socket="$d/munge/munge.socket" --key-file="$d/munge.key" --pid-file="$d/munged.pid" \
    --log-file="$d/munged.log" --seed-file="$d/munged.seed" --force >"$d/munged.out" 2>&1 \
    || { echo "munged failed to start:"; cat "$d/munged.out" "$d/munged.log" 2>/dev/null; return 1; }

  local ctld_port slurmd_port cpus
  ctld_port=$(_slurm_free_port)
  slurmd_port=$(_slurm_free_port)
  while [[ $slurmd_port == "$ctld_port" ]]; do slurmd_port=$(_slurm_free_port); done
  cpus=$(nproc)
  cat >"$d/slurm.conf" <<CONF
ClusterName=npusimtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
NodeName=npusimnode NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=100 State=UNKNOWN
PartitionName=debug Nodes=npusimnode Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$d/slurm.conf
  slurmctld -f "$SLURM_CONF" -i >"$d/slurmctld.out" 2>&1 \
    || { echo "slurmctld failed to start:"; cat "$d/slurmctld.out" "$d/slurmctld.log" 2>/dev/null; return 1; }
  slurmd -f "$SLURM_CONF" -N npusimnode >"$d/slurmd.out" 2>&1 \
    || { echo "slurmd failed to start:"; cat "$d/slurmd.out" "$d/slurmd.log" 2>/dev/null; return 1; }

  # The node registers within seconds; give up after two minutes rather than hang.
  local i state=""
  for ((i = 0; i < 240; i++)); do
    state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1)
    [[ $state == idle ]] && return 0
    sleep 0.5
  done
  echo "the Slurm node never became idle (state '$state'); logs:"
  tail -n 20 "$d/slurmctld.log" "$d/slurmd.log" 2>/dev/null
  return 1
}

_slurm_kill_pidfile() {  # TERM the daemon whose pid is in $1, wait for it to exit
  local pid i
  [[ -s $1 ]] || return 0
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
}

slurm_cluster_stop() {
  [[ -n ${SLURM_CLUSTER_DIR:-} ]] || return 0
  local d=$SLURM_CLUSTER_DIR
  _slurm_kill_pidfile "$d/slurmd.pid"
  _slurm_kill_pidfile "$d/slurmctld.pid"
  _slurm_kill_pidfile "$d/munged.pid"
  SLURM_CLUSTER_DIR=""
}
