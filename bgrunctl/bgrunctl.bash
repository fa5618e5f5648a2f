# bash completion for bgrunctl
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Completes commands, their options, and APP IDENTIFIER from what the
# running engine lists (the first columns of "bgrunctl apps",
# "transfers" and "list"/"running"), honouring a --state-dir already
# typed.

_bgrunctl_column()
{
    # Prints column $1 of the table "bgrunctl $2…", without its heading.
    local column=$1
    shift
    bgrunctl "$@" 2>/dev/null | awk -v c="$column" 'NR > 1 { print $c }'
}

_bgrunctl()
{
    local cur prev words cword
    _init_completion || return

    local commands="status apps list running history transfers explain explain-tag simulate-launch simulate-expiration cancel cancel-tag sessions stop simulate-location simulate-connectivity simulate-intent simulate-bluetooth-alert simulate-snapshot simulate-shortcut simulate-push timeline"
    local command="" state_dir=() positional=0 i

    for (( i = 1; i < cword; i++ )); do
        case ${words[i]} in
            --state-dir) state_dir=(--state-dir "${words[i+1]}"); (( i++ )) ;;
            --state-dir=*) state_dir=("${words[i]}") ;;
            --app|-a|--limit|-n|--since|--svg) (( i++ )) ;;
            -*) ;;
            *) if [[ -z $command ]]; then command=${words[i]}; else (( positional++ )); fi ;;
        esac
    done

    case $prev in
        --state-dir) _filedir -d; return ;;
        --app|-a)
            # Apps with transfers need not have requests: ask the transfers.
            local listing=apps
            [[ $command == transfers ]] && listing=transfers
            COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" $listing | sort -u)" -- "$cur"))
            return ;;
        --limit|-n|--since) return ;;
        --svg) _filedir svg; return ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--json --state-dir --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    if [[ $cur == -* ]]; then
        local options="--help --state-dir"
        case $command in
            status|apps|explain|explain-tag) options+=" --json" ;;
            list) options+=" --json --app --tag" ;;
            running|transfers|sessions) options+=" --json --app" ;;
            history) options+=" --json --app --limit --tag" ;;
            timeline) options+=" --app --since --svg" ;;
        esac
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi

    case $command in
        explain|explain-tag|simulate-launch|simulate-expiration|cancel|cancel-tag)
            if (( positional == 0 )); then
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" apps)" -- "$cur"))
            elif (( positional == 1 )); then
                local listing=list
                [[ $command == simulate-expiration ]] && listing=running
                local app=${words[cword-1]}
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 2 "${state_dir[@]}" $listing --app "$app")" -- "$cur"))
            fi
            ;;
        stop)
            # Titles may hold spaces: only the app is completed.
            if (( positional == 0 )); then
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" sessions | sort -u)" -- "$cur"))
            fi
            ;;
        simulate-connectivity|simulate-intent|simulate-bluetooth-alert|simulate-shortcut|simulate-push)
            if (( positional == 0 )); then
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" apps)" -- "$cur"))
            fi
            ;;
        simulate-snapshot)
            if (( positional == 0 )); then
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" apps)" -- "$cur"))
            elif (( positional == 1 )); then
                COMPREPLY=($(compgen -W "app-scheduled app-backgrounded return-to-default-state prelaunch" -- "$cur"))
            fi
            ;;
        simulate-location)
            if (( positional == 0 )); then
                COMPREPLY=($(compgen -W "$(_bgrunctl_column 1 "${state_dir[@]}" apps)" -- "$cur"))
            elif (( positional == 1 )); then
                _filedir '@(gpx|nmea|log|txt)'
            fi
            ;;
    esac
}

complete -F _bgrunctl bgrunctl
