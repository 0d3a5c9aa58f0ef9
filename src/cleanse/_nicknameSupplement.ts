/**
 * Common English diminutives the public nickname table (`_nicknameData.ts`) does not list, in its format:
 * a name, then names it is known by. Our own list, kept short: each is a diminutive any English speaker
 * reads as that name (Robbie for Robert, Katie for Katherine), and one step only, like the table.
 */
export const _nicknameSupplementCsv: string = `robert,robbie
christopher,topher
nicholas,nicky
nicole,nicky
benjamin,benny
alexander,xander
alexandra,lexi
zachary,zack,zach
dorothy,dottie
kathleen,kate,katie
kathryn,kate,katie
catherine,kate,katie,cat
katherine,katie,kat
maximilian,max
maxwell,max
michelle,shelly
madeline,maddie`;
