// Kiln.g4 - the syntax of Kiln scripts: Python 3's statements and
// expressions.
//
// The grammar accepts more than Kiln compiles (lambda, try, with, yield,
// async, global, set literals, generator expressions, `:=`, `*args`, ...)
// so that the AST builder (frontend/ASTBuilder.cpp) can reject each such
// construct at its location with a message that names it, instead of a bare
// "invalid syntax". Rules are lenient where a precise rule would only move
// an error from the builder into the parser (parameter order, assignment
// targets).
//
// NEWLINE, INDENT and DEDENT come from frontend/IndentingTokenSource, which
// wraps the lexer: the lexer emits every physical line end as NEWLINE and
// skips blanks, comments and backslash continuations; the token source drops
// line ends inside brackets and on blank lines and derives INDENT/DEDENT
// from columns. The grammar itself holds no target-language code.
//
// Expressions follow Python's precedence levels. Below comparisons,
// `expr` is one left-recursive rule (ANTLR turns it into precedence
// climbing, which keeps the parser's recursion shallow); comparisons, `not`,
// `and`, `or`, conditional expressions and lambdas are ordinary rules, as
// their operands are restricted (a `for` target or a comprehension's
// iterable stops before `in` and `if`).

grammar Kiln;

tokens { INDENT, DEDENT }

//===----------------------------------------------------------------------===//
// Parser: entry points
//===----------------------------------------------------------------------===//

// A whole script.
file_input : (NEWLINE | stmt)* EOF ;

// The expression of an f-string replacement field.
fstring_field : (yield_expr | testlist_star_expr) EOF ;

//===----------------------------------------------------------------------===//
// Parser: statements
//===----------------------------------------------------------------------===//

stmt : simple_stmts | compound_stmt ;

simple_stmts : small_stmt (';' small_stmt)* ';'? NEWLINE ;

small_stmt
  : expr_stmt
  | del_stmt
  | pass_stmt
  | break_stmt
  | continue_stmt
  | return_stmt
  | raise_stmt
  | yield_stmt
  | import_name
  | import_from
  | global_stmt
  | nonlocal_stmt
  | assert_stmt
  ;

// `targets = value`, `target op= value`, `target: annotation [= value]`, or
// an expression evaluated for its effect.
expr_stmt
  : testlist_star_expr
    ( annassign
    | augassign (yield_expr | testlist)
    | ('=' (yield_expr | testlist_star_expr))*
    )
  ;

annassign : ':' test ('=' (yield_expr | testlist_star_expr))? ;

augassign
  : '+=' | '-=' | '*=' | '@=' | '/=' | '//=' | '%=' | '**='
  | '<<=' | '>>=' | '&=' | '|=' | '^='
  ;

del_stmt : 'del' exprlist ;
pass_stmt : 'pass' ;
break_stmt : 'break' ;
continue_stmt : 'continue' ;
return_stmt : 'return' testlist_star_expr? ;
raise_stmt : 'raise' (test ('from' test)?)? ;
yield_stmt : yield_expr ;

import_name : 'import' dotted_as_name (',' dotted_as_name)* ;
import_from
  : 'from' (relative_dots* dotted_name | relative_dots+)
    'import' ( star='*' | '(' import_as_names ')' | import_as_names )
  ;
relative_dots : '.' | '...' ;
import_as_name : NAME ('as' NAME)? ;
dotted_as_name : dotted_name ('as' NAME)? ;
import_as_names : import_as_name (',' import_as_name)* ','? ;
dotted_name : NAME ('.' NAME)* ;

global_stmt : 'global' NAME (',' NAME)* ;
nonlocal_stmt : 'nonlocal' NAME (',' NAME)* ;
assert_stmt : 'assert' test (',' test)? ;

compound_stmt
  : if_stmt
  | while_stmt
  | for_stmt
  | try_stmt
  | with_stmt
  | funcdef
  | classdef
  | decorated
  | async_stmt
  ;

if_stmt
  : 'if' named_expr_test ':' block
    ('elif' named_expr_test ':' block)*
    ('else' ':' else_block=block)?
  ;
while_stmt
  : 'while' named_expr_test ':' block ('else' ':' else_block=block)? ;
for_stmt
  : 'for' exprlist 'in' testlist ':' block ('else' ':' else_block=block)? ;
try_stmt
  : 'try' ':' block
    ( (except_clause ':' block)+ ('else' ':' block)? ('finally' ':' block)?
    | 'finally' ':' block
    )
  ;
except_clause : 'except' '*'? (test ('as' NAME)?)? ;
with_stmt : 'with' with_item (',' with_item)* ':' block ;
with_item : test ('as' expr)? ;

async_stmt : 'async' (funcdef | with_stmt | for_stmt) ;

decorated : decorator+ (classdef | funcdef | async_stmt) ;
decorator : '@' named_expr_test NEWLINE ;

funcdef : 'def' NAME parameters ('->' test)? ':' block ;
parameters : '(' (param (',' param)* ','?)? ')' ;
// `name[: annotation][= default]`, `*[name]`, `**name` or `/`, in any
// order here; the AST builder checks the order.
param
  : NAME (':' test)? ('=' test)?
  | star='*' (NAME (':' test)?)?
  | dstar='**' NAME (':' test)?
  | slash='/'
  ;

classdef : 'class' NAME ('(' arglist? ')')? ':' block ;

block : simple_stmts | NEWLINE INDENT stmt+ DEDENT ;

//===----------------------------------------------------------------------===//
// Parser: expressions
//===----------------------------------------------------------------------===//

// An expression that may be an assignment expression (`name := value`).
named_expr_test : (NAME ':=')? test ;

test
  : or_test ('if' or_test 'else' test)?
  | lambdef
  ;
test_nocond : or_test | lambdef_nocond ;

lambdef : 'lambda' lambda_params? ':' test ;
lambdef_nocond : 'lambda' lambda_params? ':' test_nocond ;
lambda_params : lambda_param (',' lambda_param)* ','? ;
lambda_param : NAME ('=' test)? | '*' NAME? | '**' NAME | '/' ;

or_test : and_test ('or' and_test)* ;
and_test : not_test ('and' not_test)* ;
not_test : 'not' not_test | comparison ;
comparison : expr (comp_op expr)* ;
comp_op
  : '<' | '>' | '==' | '>=' | '<=' | '!='
  | 'in' | not_in='not' 'in' | 'is' | is_not='is' 'not'
  ;

star_expr : '*' expr ;

// Bitwise `|` and everything that binds tighter, highest precedence first.
expr
  : atom                                                   # atomExpr
  | expr '.' NAME                                          # attributeExpr
  | expr '(' arglist? ')'                                  # callExpr
  | expr '[' subscriptlist ']'                             # subscriptExpr
  | 'await' expr                                           # awaitExpr
  | <assoc=right> expr '**' expr                           # powerExpr
  | op=('+' | '-' | '~') expr                              # unaryExpr
  | expr op=('*' | '@' | '/' | '//' | '%') expr            # binaryExpr
  | expr op=('+' | '-') expr                               # binaryExpr
  | expr op=('<<' | '>>') expr                             # binaryExpr
  | expr op='&' expr                                       # binaryExpr
  | expr op='^' expr                                       # binaryExpr
  | expr op='|' expr                                       # binaryExpr
  ;

atom
  : '(' (yield_expr | testlist_comp)? ')'                  # parenAtom
  | '[' testlist_comp? ']'                                 # listAtom
  | '{' dict_or_set_maker? '}'                             # braceAtom
  | NAME                                                   # nameAtom
  | (INTEGER | FLOAT_NUMBER | IMAG_NUMBER)                 # numberAtom
  | STRING+                                                # stringAtom
  | '...'                                                  # ellipsisAtom
  | 'None'                                                 # noneAtom
  | ('True' | 'False')                                     # boolAtom
  ;

testlist_comp
  : (named_expr_test | star_expr)
    ( comp_for | (',' (named_expr_test | star_expr))* trailing=','? )
  ;

subscriptlist : subscript (',' subscript)* trailing=','? ;
subscript
  : test                                                   # indexSubscript
  | lower=test? ':' upper=test? (':' step=test?)?          # sliceSubscript
  ;

exprlist : (expr | star_expr) (',' (expr | star_expr))* trailing=','? ;
testlist : test (',' test)* trailing=','? ;
testlist_star_expr
  : (test | star_expr) (',' (test | star_expr))* trailing=','? ;

dict_or_set_maker
  : dict_item (comp_for | (',' dict_item)* ','?)           # dictMaker
  | (test | star_expr) (comp_for | (',' (test | star_expr))* ','?) # setMaker
  ;
dict_item : test ':' test | '**' expr ;

arglist : argument (',' argument)* ','? ;
argument
  : NAME ':=' test                                         # walrusArgument
  | NAME '=' test                                          # keywordArgument
  | test comp_for?                                         # positionalArgument
  | '*' test                                               # starArgument
  | '**' test                                              # doubleStarArgument
  ;

comp_for : 'async'? 'for' exprlist 'in' or_test comp_iter? ;
comp_iter : comp_for | comp_if ;
comp_if : 'if' test_nocond comp_iter? ;

yield_expr : 'yield' ('from' test | testlist_star_expr)? ;

//===----------------------------------------------------------------------===//
// Lexer
//===----------------------------------------------------------------------===//

// Literal tokens used above ('def', ':', '+=', ...) are defined implicitly
// and take precedence over NAME. Brackets are named because the token
// source tracks their nesting.
OPEN_PAREN : '(' ;
CLOSE_PAREN : ')' ;
OPEN_BRACK : '[' ;
CLOSE_BRACK : ']' ;
OPEN_BRACE : '{' ;
CLOSE_BRACE : '}' ;

// Every physical line end; IndentingTokenSource decides which matter.
NEWLINE : '\r'? '\n' | '\r' ;

// One token for every string literal form; the AST builder reads the
// prefix (r, u, f, b and their combinations), decodes escapes and splits
// f-strings.
STRING : STRING_PREFIX? (SHORT_STRING | LONG_STRING) ;

INTEGER
  : NON_ZERO_DIGIT ('_'? DIGIT)*
  | '0' ('_'? '0')*
  | '0' [xX] ('_'? HEX_DIGIT)+
  | '0' [oO] ('_'? OCT_DIGIT)+
  | '0' [bB] ('_'? BIN_DIGIT)+
  ;
FLOAT_NUMBER : POINT_FLOAT | EXPONENT_FLOAT ;
IMAG_NUMBER : (FLOAT_NUMBER | DIGIT_PART) [jJ] ;

NAME : ID_START ID_CONTINUE* ;

// Skipped text: blanks, comments, and a backslash that joins two lines.
SKIP_BLANKS : [ \t\f]+ -> skip ;
SKIP_COMMENT : '#' ~[\r\n]* -> skip ;
SKIP_LINE_JOIN : '\\' ('\r'? '\n' | '\r') -> skip ;

// Malformed input, reported by IndentingTokenSource with a message that
// names the problem. Each loses to the well-formed token when both match,
// as the well-formed one is longer or defined earlier.
UNTERMINATED_STRING
  : STRING_PREFIX? ('\'' (ESCAPE | ~[\\\r\n'])* | '"' (ESCAPE | ~[\\\r\n"])*)
  ;
UNTERMINATED_LONG_STRING : STRING_PREFIX? ('\'\'\'' | '"""') ;
LEADING_ZERO_INTEGER : '0' ('_'? DIGIT)+ ;
ERROR_CHAR : . ;

fragment STRING_PREFIX
  : [rRuUfFbB]
  | [rR] [fFbB]
  | [fFbB] [rR]
  ;
fragment SHORT_STRING
  : '\'' (ESCAPE | ~[\\\r\n'])* '\''
  | '"' (ESCAPE | ~[\\\r\n"])* '"'
  ;
fragment LONG_STRING
  : '\'\'\'' (ESCAPE | ~'\\')*? '\'\'\''
  | '"""' (ESCAPE | ~'\\')*? '"""'
  ;
// A backslash and the character it escapes (a line end counts as one).
fragment ESCAPE : '\\' ('\r\n' | .) ;

fragment DIGIT : [0-9] ;
fragment NON_ZERO_DIGIT : [1-9] ;
fragment HEX_DIGIT : [0-9a-fA-F] ;
fragment OCT_DIGIT : [0-7] ;
fragment BIN_DIGIT : [01] ;
fragment DIGIT_PART : DIGIT ('_'? DIGIT)* ;
fragment POINT_FLOAT : DIGIT_PART? '.' DIGIT_PART | DIGIT_PART '.' ;
fragment EXPONENT_FLOAT : (DIGIT_PART | POINT_FLOAT) [eE] [+-]? DIGIT_PART ;

fragment ID_START : [_\p{L}\p{Nl}] ;
fragment ID_CONTINUE : [_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}] ;
